using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PackageFeeds;

/// <summary>
/// What differs between Anchore's npms and ruby_gems gates: the package type, the feed, and each trigger's
/// name and wording. The five trigger types in this folder read one of these.
/// </summary>
public sealed record FeedEcosystem
{
    public required string PackageType { get; init; }
    public required Func<PolicyInput, IReadOnlyDictionary<string, FeedPackage>?> Feed { get; init; }
    public required (string Name, string Description, string Message) NewerVersion { get; init; }
    public required (string Name, string Description, string Message) Unknown { get; init; }
    public required (string Name, string Description, string Message) BadVersion { get; init; }
    public required (string Name, string Description, string Message, string NameParam, string VersionParam) Blacklist { get; init; }
    public required (string Description, string Message) FeedUnavailable { get; init; }

    /// <summary>Package name to installed versions, in image order.</summary>
    public IReadOnlyDictionary<string, List<string>> Installed(TriggerContext context) =>
        context.Prepared("feed-packages." + PackageType, c =>
        {
            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var p in c.Analysis.Packages.Where(p => p.Type == PackageType))
            {
                if (!map.TryGetValue(p.Name, out var versions))
                {
                    map[p.Name] = versions = [];
                }

                versions.Add(p.Version);
            }

            return (IReadOnlyDictionary<string, List<string>>)map;
        });

    /// <summary>Feed entries for the installed names; null when the feed or the packages are absent (triggers then stay quiet).</summary>
    /// <summary>Installed packages the feed knows, with the feed's entry; nothing when no feed applies.</summary>
    public IEnumerable<(string Name, List<string> Versions, FeedPackage Known)> InstalledAndKnown(TriggerContext context)
    {
        if (Matched(context) is not { } feed)
        {
            yield break;
        }

        foreach (var (name, versions) in Installed(context))
        {
            if (feed.TryGetValue(name, out var known))
            {
                yield return (name, versions, known);
            }
        }
    }

    public IReadOnlyDictionary<string, FeedPackage>? Matched(TriggerContext context)
    {
        var feed = Feed(context.Input);
        var installed = Installed(context);
        if (feed is null || installed.Count == 0)
        {
            return null;
        }

        var matched = installed.Keys.Where(feed.ContainsKey).ToDictionary(n => n, n => feed[n], StringComparer.Ordinal);
        return matched.Count == 0 ? null : matched;
    }
}
