using System.Text.Json.Nodes;
using Tollgate.Vulnerabilities.Scoring;

namespace Tollgate.Vulnerabilities.Feeds.Osv;

/// <summary>
/// OSV records (JSON, or YAML as PyPA publishes them) for every ecosystem. ECOSYSTEM and SEMVER ranges become
/// intervals; GIT ranges name commits, not versions, so they are skipped (the "versions" list of the same record,
/// when present, still matches). Withdrawn records are skipped.
/// </summary>
public sealed class OsvReader : IFeedReader
{
    public string Format => "osv";

    public bool Detect(FeedFile file)
    {
        var head = file.Head;
        if (file.Extension is ".yaml" or ".yml")
        {
            return head.Contains("affected:", StringComparison.Ordinal) || (head.Contains("id:", StringComparison.Ordinal) && head.Contains("modified:", StringComparison.Ordinal));
        }

        // "id" may come late in a long record; "affected"/"schema_version" or "id"+"modified" mark OSV.
        return file.Extension == ".json" && head.TrimStart().StartsWith('{')
            && (head.Contains("\"affected\"", StringComparison.Ordinal) || head.Contains("\"schema_version\"", StringComparison.Ordinal)
                || (head.Contains("\"id\"", StringComparison.Ordinal) && head.Contains("\"modified\"", StringComparison.Ordinal)))
            && !head.Contains("\"csaf_version\"", StringComparison.Ordinal);
    }

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var docs = file.Extension is ".yaml" or ".yml" ? FeedJson.ParseYaml(file) : [FeedJson.Parse(file)];
        var count = 0;
        foreach (var doc in docs)
        {
            var advisory = Parse(doc);
            if (advisory is not null)
            {
                sink.Add(advisory);
                count++;
            }
        }

        return count;
    }

    public static Advisory? Parse(JsonNode? doc)
    {
        var id = doc.Str("id") ?? throw new FeedFormatException("OSV record without \"id\"");
        if (doc.Str("withdrawn") is not null)
        {
            return null;
        }

        var affected = new List<AffectedPackage>();
        string? firstEcosystem = null;
        foreach (var entry in doc.Arr("affected"))
        {
            var ecosystem = entry?["package"].Str("ecosystem");
            var name = entry?["package"].Str("name");
            if (ecosystem is null || name is null)
            {
                continue;
            }

            firstEcosystem ??= ecosystem;
            var ns = Namespaces.FromOsvEcosystem(ecosystem);
            if (ns is null)
            {
                continue;
            }

            affected.Add(new AffectedPackage
            {
                Namespace = ns,
                Name = PackageNames.Normalize(ns, name),
                Ranges = Intervals(entry.Arr("ranges")),
                Versions = entry.Strings("versions").ToList(),
                Severity = Cvss.SeverityOfWord(entry?["ecosystem_specific"].Str("severity")),
            });
        }

        var (severity, source, score, vector) = SeverityOf(doc);
        return new Advisory
        {
            Id = id,
            Source = "osv:" + (firstEcosystem?.Split(':')[0] ?? "unknown"),
            Aliases = doc.Strings("aliases").Concat(doc.Strings("upstream")).Where(a => a != id).Distinct().ToList(),
            Summary = doc.Str("summary") ?? FirstLine(doc.Str("details")),
            Severity = severity,
            SeveritySource = source,
            CvssScore = score,
            CvssVector = vector,
            Published = doc.Time("published"),
            Modified = doc.Time("modified"),
            Urls = doc.Arr("references").Select(r => r.Str("url")).OfType<string>().ToList(),
            Cwes = doc?["database_specific"].Strings("cwe_ids").ToList() ?? [],
            Affected = affected,
        };
    }

    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : null;

    /// <summary>Walks the events in order: each "introduced" opens an interval that "fixed" or "last_affected" closes.</summary>
    internal static List<VersionInterval> Intervals(JsonArray ranges)
    {
        var result = new List<VersionInterval>();
        foreach (var range in ranges)
        {
            var type = range.Str("type");
            if (type is not ("ECOSYSTEM" or "SEMVER"))
            {
                continue; // GIT: commit hashes cannot be compared with installed versions.
            }

            var scheme = type == "SEMVER" ? "semver" : null;
            string? open = null;
            var isOpen = false;
            foreach (var ev in range.Arr("events"))
            {
                if (ev.Str("introduced") is { } introduced)
                {
                    if (isOpen)
                    {
                        result.Add(new VersionInterval(open, null) { Scheme = scheme });
                    }

                    open = introduced == "0" ? null : introduced;
                    isOpen = true;
                }
                else if (ev.Str("fixed") is { } fixedIn)
                {
                    result.Add(new VersionInterval(open, fixedIn) { Scheme = scheme });
                    isOpen = false;
                }
                else if (ev.Str("last_affected") is { } last)
                {
                    result.Add(new VersionInterval(open, null, last) { Scheme = scheme });
                    isOpen = false;
                }
            }

            if (isOpen)
            {
                result.Add(new VersionInterval(open, null) { Scheme = scheme });
            }
        }

        return result;
    }

    /// <summary>Prefers a CVSS v3 vector (scored here), then the GHSA/database severity word.</summary>
    private static (string? Severity, string? Source, double? Score, string? Vector) SeverityOf(JsonNode? doc)
    {
        foreach (var s in doc.Arr("severity"))
        {
            var vector = s.Str("score");
            if (Cvss.BaseScoreV3(vector) is { } score)
            {
                return (Cvss.SeverityOf(score), "cvss:" + vector![5..8], score, vector);
            }
        }

        var word = Cvss.SeverityOfWord(doc?["database_specific"].Str("severity"));
        return word is null ? (null, null, null, null) : (word, "osv", null, null);
    }
}
