using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Images.Content;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Filters;

/// <summary>
/// Ignore rules (YAML or JSON, grype-like): each rule may name a vulnerability id, a package (name, version, purl,
/// location glob), a fix state, a reason and an expiry date. A rule matches when every field it gives matches;
/// an expired rule no longer applies.
/// <code>
/// ignore:
///   - vulnerability: CVE-2023-1234
///     package: { name: openssl, location: "/usr/lib/**" }
///     fix-state: not-fixed
///     reason: no fix upstream; not reachable
///     expires: 2026-12-31
/// </code>
/// </summary>
public sealed class IgnoreRules(IReadOnlyList<IgnoreRule> rules, DateTimeOffset now) : IMatchFilter
{
    public IReadOnlyList<IgnoreRule> Rules => rules;

    public static IgnoreRules Load(string path, DateTimeOffset now)
    {
        var file = new FeedFile(path, () => File.OpenRead(path));
        JsonNode? doc;
        try
        {
            doc = file.Extension == ".json" ? FeedJson.Parse(file) : FeedJson.ParseYaml(file).FirstOrDefault();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException or FeedFormatException)
        {
            throw new InvalidDataException($"{path}: cannot read ignore rules: {e.Message.Split('\n')[0]}");
        }

        var list = new List<IgnoreRule>();
        var index = 0;
        foreach (var r in doc.Arr("ignore"))
        {
            index++;
            var pkg = r?["package"];
            var expires = r.Str("expires");
            DateTimeOffset? expiry = null;
            if (expires is not null)
            {
                expiry = DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t
                    : throw new InvalidDataException($"{path}: rule {index}: expires \"{expires}\" is not a date");
            }

            var rule = new IgnoreRule
            {
                Vulnerability = r.Str("vulnerability"),
                PackageName = pkg.Str("name"),
                PackageVersion = pkg.Str("version"),
                PackagePurl = pkg.Str("purl"),
                Location = pkg.Str("location"),
                FixState = r.Str("fix-state"),
                Reason = r.Str("reason"),
                Expires = expiry,
            };
            if (rule is { Vulnerability: null, PackageName: null, PackagePurl: null, Location: null, FixState: null })
            {
                throw new InvalidDataException($"{path}: rule {index} names nothing to ignore (give vulnerability, package or fix-state)");
            }

            list.Add(rule);
        }

        return new IgnoreRules(list, now);
    }

    public string? SuppressedBy(VulnerabilityMatch match)
    {
        foreach (var rule in rules)
        {
            if (rule.Expires is { } e && e < now)
            {
                continue;
            }

            if ((rule.Vulnerability is null || MatchFilters.Names(match, rule.Vulnerability))
                && (rule.PackageName is null || rule.PackageName == match.PackageName)
                && (rule.PackageVersion is null || rule.PackageVersion == match.PackageVersion)
                && (rule.PackagePurl is null || MatchFilters.SamePurl(match.Purl, rule.PackagePurl))
                && (rule.FixState is null || rule.FixState == match.FixState)
                && (rule.Location is null || match.Locations.Any(l => rule.LocationMatcher(l.Path))))
            {
                return "ignore-rule" + (rule.Reason is null ? "" : ": " + rule.Reason);
            }
        }

        return null;
    }
}

public sealed record IgnoreRule
{
    public string? Vulnerability { get; init; }
    public string? PackageName { get; init; }
    public string? PackageVersion { get; init; }
    public string? PackagePurl { get; init; }
    public string? Location { get; init; }
    public string? FixState { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? Expires { get; init; }

    private Func<string, bool>? _locationMatcher;

    internal bool LocationMatcher(string path) => (_locationMatcher ??= Glob.Compile(Location ?? "**"))(path);
}
