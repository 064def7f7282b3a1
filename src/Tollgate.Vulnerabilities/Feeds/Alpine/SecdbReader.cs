using System.Text.Json.Nodes;

namespace Tollgate.Vulnerabilities.Feeds.Alpine;

/// <summary>
/// Alpine secdb (<c>vX.Y/main.yaml</c>) and its JSON form (Wolfi's security.json): per origin package, a map of
/// fixed version → ids. A package is affected below the fixed version; "0" means never affected (not stored).
/// </summary>
public sealed class SecdbReader : IFeedReader
{
    public string Format => "alpine-secdb";

    public bool Detect(FeedFile file) =>
        file.Extension is ".yaml" or ".yml" or ".json" && file.Head.Contains("secfixes", StringComparison.Ordinal)
        || (file.Head.Contains("distroversion", StringComparison.Ordinal) && file.Head.Contains("packages", StringComparison.Ordinal));

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var doc = file.Extension == ".json" ? FeedJson.Parse(file) : FeedJson.ParseYaml(file).FirstOrDefault();
        var release = doc.Str("distroversion") ?? throw new FeedFormatException("secdb without \"distroversion\"");
        var ns = release.StartsWith('v') || char.IsAsciiDigit(release[0]) ? Namespaces.Distro("alpine", release) : release.ToLowerInvariant() + ":rolling";
        var source = ns.StartsWith("alpine:", StringComparison.Ordinal) ? "alpine-secdb" : "secdb:" + ns.Split(':')[0];

        // One advisory per id; an id fixed in several packages lists each package.
        var byId = new Dictionary<string, List<AffectedPackage>>(StringComparer.Ordinal);
        foreach (var entry in doc.Arr("packages"))
        {
            var pkg = entry?["pkg"];
            var name = pkg.Str("name");
            if (name is null || pkg?["secfixes"] is not JsonObject fixes)
            {
                continue;
            }

            foreach (var (fixedVersion, ids) in fixes)
            {
                var idList = ids is JsonArray arr
                    ? arr.OfType<JsonValue>().SelectMany(v => v.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    : [];
                foreach (var id in idList.Where(i => i.Contains('-')))
                {
                    if (!byId.TryGetValue(id, out var list))
                    {
                        byId[id] = list = [];
                    }

                    // "0": the package was never affected in this release.
                    if (fixedVersion != "0")
                    {
                        list.Add(new AffectedPackage { Namespace = ns, Name = name, Ranges = [new VersionInterval(null, fixedVersion)] });
                    }
                }
            }
        }

        foreach (var (id, affected) in byId)
        {
            if (affected.Count > 0)
            {
                sink.Add(new Advisory { Id = id, Source = source, Affected = affected });
            }
        }

        return byId.Count;
    }
}
