using System.Text.Json.Nodes;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Scoring;

namespace Tollgate.Vulnerabilities.Feeds.Debian;

/// <summary>
/// The Debian security tracker's JSON dump (security-tracker.debian.org/tracker/data/json): source package →
/// CVE → release → status, fixed_version, urgency, nodsa. "resolved" with version 0 means not affected.
/// </summary>
public sealed class TrackerJsonReader : IFeedReader
{
    public string Format => "debian-tracker-json";

    public bool Detect(FeedFile file)
    {
        var head = file.Head;
        return head.TrimStart().StartsWith('{') && head.Contains("\"releases\"", StringComparison.Ordinal)
            && (head.Contains("\"CVE-", StringComparison.Ordinal) || head.Contains("\"TEMP-", StringComparison.Ordinal))
            && !head.Contains("\"affected\"", StringComparison.Ordinal);
    }

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        if (FeedJson.Parse(file) is not JsonObject root)
        {
            throw new FeedFormatException("tracker JSON is not an object of packages");
        }

        var byCve = new Dictionary<string, (string? Description, List<AffectedPackage> Affected)>(StringComparer.Ordinal);
        foreach (var (package, cves) in root)
        {
            if (cves is not JsonObject cveMap)
            {
                report.Skip($"{file.Name}#{package}", "package entry is not an object of CVEs");
                continue;
            }

            foreach (var (cve, info) in cveMap)
            {
                if (info?["releases"] is not JsonObject releases)
                {
                    continue; // "releases": [] — nothing tracked for any release.
                }

                if (!byCve.TryGetValue(cve, out var entry))
                {
                    byCve[cve] = entry = (info.Str("description"), []);
                }

                foreach (var (release, state) in releases)
                {
                    if (Affected(package, release, state) is { } affected)
                    {
                        entry.Affected.Add(affected);
                    }
                }
            }
        }

        foreach (var (cve, (description, affected)) in byCve)
        {
            sink.Add(new Advisory
            {
                Id = cve,
                Source = "debian-tracker",
                Summary = description,
                Urls = [$"https://security-tracker.debian.org/tracker/{cve}"],
                Affected = affected,
            });
        }

        return byCve.Count;
    }

    private static AffectedPackage? Affected(string package, string release, JsonNode? state)
    {
        var status = state.Str("status");
        var fixedVersion = state.Str("fixed_version");
        if (status == "undetermined" || (status == "resolved" && (fixedVersion is null or "0")))
        {
            return null; // Not affected in this release (or not known to be).
        }

        var urgency = state.Str("urgency");
        var nodsa = state.Str("nodsa_reason") ?? state.Str("nodsa");
        return new AffectedPackage
        {
            Namespace = Namespaces.Distro("debian", release),
            Name = package,
            Ranges = [new VersionInterval(null, status == "resolved" ? fixedVersion : null)],
            FixState = status == "open" && nodsa is not null && nodsa.Contains("ignored", StringComparison.OrdinalIgnoreCase) ? FixStates.WontFix : null,
            Severity = urgency == "end-of-life" ? null : Cvss.SeverityOfWord(urgency) ?? (urgency is null ? null : Severities.Unknown),
        };
    }
}
