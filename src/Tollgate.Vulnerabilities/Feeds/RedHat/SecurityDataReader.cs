using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Scoring;

namespace Tollgate.Vulnerabilities.Feeds.RedHat;

/// <summary>
/// Red Hat Security Data API CVE JSON (access.redhat.com/hydra/rest/securitydata/cve/CVE-….json): fixed packages
/// per RHEL release ("affected_release": name-epoch:version-release) and unfixed states per package
/// ("package_state": Affected, Fix deferred, Will not fix, Out of support scope, Not affected).
/// </summary>
public sealed partial class SecurityDataReader : IFeedReader
{
    [GeneratedRegex(@"^cpe:/[ao]:redhat:enterprise_linux:(?<major>\d+)")]
    private static partial Regex RhelCpe();

    [GeneratedRegex(@"^(?<name>.+)-(?<evr>\d+:[^-]+-.+)$")]
    private static partial Regex Nevr();

    public string Format => "redhat-security-data";

    public bool Detect(FeedFile file) =>
        file.Head.Contains("\"threat_severity\"", StringComparison.Ordinal) || (file.Head.Contains("\"package_state\"", StringComparison.Ordinal) && file.Head.Contains("\"affected_release\"", StringComparison.Ordinal));

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var doc = FeedJson.Parse(file);
        var records = doc is JsonArray arr ? arr.ToList() : [doc];
        var count = 0;
        foreach (var r in records)
        {
            var id = r.Str("name") ?? r.Str("CVE");
            if (id is null)
            {
                report.Skip(file.Name, "Red Hat CVE record without \"name\"");
                continue;
            }

            var severity = Cvss.SeverityOfWord(r.Str("threat_severity") ?? r.Str("severity"));
            var affected = new List<AffectedPackage>();
            foreach (var fix in r.Arr("affected_release"))
            {
                if (Major(fix.Str("cpe")) is { } major && fix.Str("package") is { } nevr && Nevr().Match(nevr) is { Success: true } m)
                {
                    affected.Add(new AffectedPackage { Namespace = "rhel:" + major, Name = m.Groups["name"].Value, Ranges = [new VersionInterval(null, m.Groups["evr"].Value)], Severity = severity });
                }
            }

            foreach (var state in r.Arr("package_state"))
            {
                var fixState = state.Str("fix_state") switch
                {
                    "Affected" or "Fix deferred" or "Under investigation" => FixStates.NotFixed,
                    "Will not fix" or "Out of support scope" => FixStates.WontFix,
                    _ => null, // "Not affected", "New": nothing to report
                };
                if (fixState is not null && Major(state.Str("cpe")) is { } major && state.Str("package_name") is { } name && !name.Contains('/'))
                {
                    affected.Add(new AffectedPackage { Namespace = "rhel:" + major, Name = name, FixState = fixState, Severity = severity });
                }
            }

            var score = double.TryParse(r?["cvss3"].Str("cvss3_base_score"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
            sink.Add(new Advisory
            {
                Id = id,
                Source = "redhat",
                Summary = r?["bugzilla"].Str("description"),
                Severity = severity,
                SeveritySource = severity is null ? null : "redhat",
                CvssScore = score,
                CvssVector = r?["cvss3"].Str("cvss3_scoring_vector"),
                Published = r.Time("public_date"),
                Urls = [$"https://access.redhat.com/security/cve/{id}"],
                Cwes = r.Str("cwe") is { } cwe ? [cwe] : [],
                Affected = affected,
            });
            count++;
        }

        return count;
    }

    private static string? Major(string? cpe) => cpe is not null && RhelCpe().Match(cpe) is { Success: true } m ? m.Groups["major"].Value : null;
}
