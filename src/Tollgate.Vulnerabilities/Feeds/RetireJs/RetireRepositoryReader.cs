using System.Text.Json.Nodes;
using Tollgate.Vulnerabilities.Scoring;

namespace Tollgate.Vulnerabilities.Feeds.RetireJs;

/// <summary>
/// Retire.js repository (jsrepository-v5.json): per JavaScript library, vulnerable ranges (atOrAbove/below) with
/// CVE and GHSA ids. Stored in the npm namespace under the library's npm name (its "npmname" when given), so it
/// covers both npm packages and vendored .js files recognised by content.
/// </summary>
public sealed class RetireRepositoryReader : IFeedReader
{
    public string Format => "retirejs";

    public bool Detect(FeedFile file) =>
        file.Head.Contains("\"extractors\"", StringComparison.Ordinal) && file.Head.Contains("\"vulnerabilities\"", StringComparison.Ordinal)
        && file.Head.Contains("\"below\"", StringComparison.Ordinal);

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        if (FeedJson.Parse(file) is not JsonObject root)
        {
            throw new FeedFormatException("Retire.js repository is not an object of libraries");
        }

        var count = 0;
        foreach (var (library, info) in root)
        {
            var name = PackageNames.Normalize(Namespaces.Npm, info.Str("npmname") ?? library);
            var index = 0;
            foreach (var v in info.Arr("vulnerabilities"))
            {
                index++;
                var ids = v?["identifiers"];
                var cves = ids.Strings("CVE").ToList();
                var ghsa = ids.Str("githubID");
                var id = ghsa ?? cves.FirstOrDefault() ?? $"RETIRE-{library}-{index}";
                var below = v.Str("below");
                var atOrAbove = v.Str("atOrAbove");
                if (below is null && atOrAbove is null)
                {
                    report.Skip($"{file.Name}#{library}[{index}]", "vulnerability without atOrAbove/below");
                    continue;
                }

                sink.Add(new Advisory
                {
                    Id = id,
                    Source = "retirejs",
                    Aliases = cves.Append(ghsa).OfType<string>().Where(a => a != id).Distinct().ToList(),
                    Summary = ids.Str("summary")?.Split('\n')[0],
                    Severity = Cvss.SeverityOfWord(v.Str("severity")),
                    SeveritySource = "retirejs",
                    Urls = v.Strings("info").ToList(),
                    Cwes = v.Strings("cwe").ToList(),
                    Affected =
                    [
                        new AffectedPackage
                        {
                            Namespace = Namespaces.Npm,
                            Name = name,
                            Ranges = [new VersionInterval(atOrAbove is "0" ? null : atOrAbove, below)],
                        },
                    ],
                });
                count++;
            }
        }

        return count;
    }
}
