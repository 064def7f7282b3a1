using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Vulnerabilities.Scoring;
using Tollgate.Vulnerabilities.Versions;

namespace Tollgate.Vulnerabilities.Feeds.NodeJs;

/// <summary>nodejs/security-wg npm advisories (vuln/npm/N.json, or its index.json map of all of them).</summary>
public sealed class SecurityWgReader : IFeedReader
{
    public string Format => "nodejs-security-wg";

    public bool Detect(FeedFile file) => file.Head.Contains("\"module_name\"", StringComparison.Ordinal) && file.Head.Contains("\"vulnerable_versions\"", StringComparison.Ordinal);

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var doc = FeedJson.Parse(file);
        var records = doc is JsonObject obj && obj["module_name"] is null ? obj.Select(kv => kv.Value) : [doc];
        var count = 0;
        foreach (var r in records)
        {
            var id = r?["id"]?.ToString();
            var module = r.Str("module_name");
            var vulnerable = r.Str("vulnerable_versions");
            if (id is null || module is null || vulnerable is null)
            {
                report.Skip(file.Name + (id is null ? "" : "#" + id), "record without id, module_name or vulnerable_versions");
                continue;
            }

            var ranges = NpmRange.Parse(vulnerable);
            if (ranges is null)
            {
                report.Skip($"{file.Name}#{id}", $"cannot read vulnerable_versions \"{vulnerable}\"");
                continue;
            }

            var vector = r.Str("cvss_vector");
            var score = r.Num("cvss_score");
            sink.Add(new Advisory
            {
                Id = "NSWG-ECO-" + id,
                Source = "nodejs-security-wg",
                Aliases = r.Strings("cves").ToList(),
                Summary = r.Str("title"),
                Severity = score is { } s ? Cvss.SeverityOf(s) : null,
                SeveritySource = score is null ? null : vector is { Length: > 8 } v && v.StartsWith("CVSS:", StringComparison.Ordinal) ? "cvss:" + v[5..8] : "cvss",
                CvssScore = score,
                CvssVector = vector,
                Published = DateTimeOffset.TryParse(r.Str("publish_date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p) ? p : null,
                Urls = r.Strings("references").ToList(),
                Affected = [new AffectedPackage { Namespace = Namespaces.Npm, Name = PackageNames.Normalize(Namespaces.Npm, module), Ranges = ranges }],
            });
            count++;
        }

        return count;
    }
}
