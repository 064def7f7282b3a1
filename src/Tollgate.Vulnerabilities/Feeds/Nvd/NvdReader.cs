using System.Text.Json.Nodes;
using Tollgate.Vulnerabilities.Scoring;

namespace Tollgate.Vulnerabilities.Feeds.Nvd;

/// <summary>
/// NVD CVE API 2.0 responses: descriptions, CVSS v4.0/v3.x/v2 (primary scorer first), CWEs, references and the
/// vulnerable CPE matches of every configuration (used only for unmanaged binaries).
/// </summary>
public sealed class NvdReader : IFeedReader
{
    private static readonly string[] MetricOrder = ["cvssMetricV31", "cvssMetricV30", "cvssMetricV40", "cvssMetricV2"];

    public string Format => "nvd-cve-api-2.0";

    public bool Detect(FeedFile file) =>
        file.Head.Contains("\"NVD_CVE\"", StringComparison.Ordinal)
        || (file.Head.Contains("\"vulnerabilities\"", StringComparison.Ordinal) && file.Head.Contains("\"cve\"", StringComparison.Ordinal) && file.Head.Contains("\"sourceIdentifier\"", StringComparison.Ordinal));

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var doc = FeedJson.Parse(file);
        var count = 0;
        var index = 0;
        foreach (var item in doc.Arr("vulnerabilities"))
        {
            index++;
            var cve = item?["cve"];
            var id = cve.Str("id");
            if (id is null)
            {
                report.Skip($"{file.Name}#vulnerabilities[{index - 1}]", "entry without cve.id");
                continue;
            }

            var (severity, source, score, vector) = Metric(cve?["metrics"]);
            sink.Add(new Advisory
            {
                Id = id,
                Source = "nvd",
                Summary = cve.Arr("descriptions").FirstOrDefault(d => d.Str("lang") == "en").Str("value"),
                Severity = severity,
                SeveritySource = source,
                CvssScore = score,
                CvssVector = vector,
                Published = cve.Time("published"),
                Modified = cve.Time("lastModified"),
                Urls = cve.Arr("references").Select(r => r.Str("url")).OfType<string>().Take(20).ToList(),
                Cwes = cve.Arr("weaknesses").SelectMany(w => w.Arr("description")).Select(d => d.Str("value")).OfType<string>()
                    .Where(v => v.StartsWith("CWE-", StringComparison.Ordinal)).Distinct().ToList(),
                Cpes = CpeMatches(cve).ToList(),
            });
            count++;
        }

        return count;
    }

    /// <summary>The primary scorer's newest CVSS (v3.1 over v3.0 over v4.0 over v2), falling back to any scorer.</summary>
    private static (string? Severity, string? Source, double? Score, string? Vector) Metric(JsonNode? metrics)
    {
        foreach (var primaryOnly in new[] { true, false })
        {
            foreach (var key in MetricOrder)
            {
                var m = metrics.Arr(key).FirstOrDefault(x => !primaryOnly || x.Str("type") == "Primary");
                var data = m?["cvssData"];
                if (data.Num("baseScore") is { } score)
                {
                    var version = data.Str("version") ?? "";
                    return (Cvss.SeverityOf(score, version == "2.0"), "nvd:cvss:" + version, score, data.Str("vectorString"));
                }
            }
        }

        return (null, null, null, null);
    }

    private static IEnumerable<CpeRange> CpeMatches(JsonNode? cve)
    {
        foreach (var config in cve.Arr("configurations"))
        {
            foreach (var node in config.Arr("nodes"))
            {
                foreach (var match in node.Arr("cpeMatch"))
                {
                    var criteria = match.Str("criteria");
                    if (criteria is null || match?["vulnerable"]?.GetValue<bool>() != true)
                    {
                        continue;
                    }

                    var startIn = match.Str("versionStartIncluding");
                    var startEx = match.Str("versionStartExcluding");
                    var endEx = match.Str("versionEndExcluding");
                    var endIn = match.Str("versionEndIncluding");
                    var range = startIn ?? startEx ?? endEx ?? endIn;
                    yield return new CpeRange(criteria, range is null ? null : new VersionInterval(startIn ?? startEx, endEx, endIn) { IntroducedExclusive = startEx is not null });
                }
            }
        }
    }
}
