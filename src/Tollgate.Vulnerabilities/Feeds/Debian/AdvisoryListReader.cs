using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Vulnerabilities.Feeds.Debian;

/// <summary>
/// The tracker's DSA and DLA lists (data/DSA/list, data/DLA/list):
/// "[date] DSA-NNNN-N package - title", "{CVE-…}", "[release] - srcpkg fixed-version".
/// </summary>
public sealed partial class AdvisoryListReader : IFeedReader
{
    [GeneratedRegex(@"^\[(?<date>[^\]]+)\]\s+(?<id>(DSA|DLA|DTSA)-[0-9A-Za-z-]+)\s+(?<pkg>\S+)(\s+-\s+(?<title>.*))?$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s+\[(?<release>[a-z]+)\]\s+-\s+(?<pkg>\S+)\s+(?<version>\S+)")]
    private static partial Regex Fix();

    public string Format => "debian-advisory-list";

    public bool Detect(FeedFile file) => Header().IsMatch(file.Head.Split('\n', 2)[0].TrimEnd('\r'));

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var count = 0;
        string? id = null;
        string? title = null;
        DateTimeOffset? published = null;
        var cves = new List<string>();
        var affected = new List<AffectedPackage>();
        void Flush()
        {
            if (id is not null && (affected.Count > 0 || cves.Count > 0))
            {
                sink.Add(new Advisory
                {
                    Id = id,
                    Source = id.StartsWith("DLA", StringComparison.Ordinal) ? "debian-dla" : "debian-dsa",
                    Aliases = cves.Distinct().ToList(),
                    Summary = title,
                    Published = published,
                    Urls = [$"https://security-tracker.debian.org/tracker/{id}"],
                    Affected = affected.ToList(),
                });
                count++;
            }

            cves.Clear();
            affected.Clear();
        }

        using var reader = new StreamReader(file.Open());
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (Header().Match(line) is { Success: true } h)
            {
                Flush();
                id = h.Groups["id"].Value;
                title = h.Groups["title"].Success ? h.Groups["title"].Value.Trim() : null;
                published = DateTimeOffset.TryParseExact(h.Groups["date"].Value, "dd MMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
            }
            else if (line.TrimStart().StartsWith('{'))
            {
                cves.AddRange(line.Trim().Trim('{', '}').Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (Fix().Match(line) is { Success: true } f)
            {
                var version = f.Groups["version"].Value;
                if (version.StartsWith('<'))
                {
                    continue; // <not-affected>, <unfixed>, <end-of-life>: no fixed version to state.
                }

                affected.Add(new AffectedPackage
                {
                    Namespace = Namespaces.Distro("debian", f.Groups["release"].Value),
                    Name = f.Groups["pkg"].Value,
                    Ranges = [new VersionInterval(null, version)],
                });
            }
            else if (id is null && line.Trim().Length > 0)
            {
                report.Skip($"{file.Name}:{lineNo}", "line before the first advisory header");
            }
        }

        Flush();
        return count;
    }
}
