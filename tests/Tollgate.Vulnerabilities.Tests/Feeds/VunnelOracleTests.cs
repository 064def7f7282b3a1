using System.Text.Json.Nodes;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Tests.Feeds;

/// <summary>
/// vunnel (Anchore's feed normaliser) read the same upstream inputs and wrote snapshots: namespace, CVE, package,
/// fixed version ("None" = not fixed, "0" = not affected). Our importers must state the same thing for every entry.
/// </summary>
public sealed class VunnelOracleTests
{
    [Theory]
    [InlineData("alpine")]
    [InlineData("debian")]
    public void ImportAgreesWithVunnelSnapshots(string provider)
    {
        var sink = new ListSink();
        var report = FeedImporter.Import(TestPaths.Corpus("vulns", "vunnel-upstream", provider, "input"), sink);
        Assert.Empty(report.Skipped);

        var ours = sink.Advisories
            .Where(a => a.Id.StartsWith("CVE-", StringComparison.Ordinal))
            .SelectMany(a => a.Affected.Select(p => (a.Id, p)))
            .ToLookup(x => (x.Id, x.p.Namespace, x.p.Name), x => x.p);
        // vunnel's snapshots also cover its own legacy input, left out of the corpus: only packages our inputs name are compared.
        var inputPackages = sink.Advisories.SelectMany(a => a.Affected).Select(p => p.Name).ToHashSet();
        var checkedEntries = 0;
        var failures = new List<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Corpus("vulns", "vunnel-upstream", provider, "snapshots"), "*.json", SearchOption.AllDirectories))
        {
            var vuln = JsonNode.Parse(File.ReadAllText(file))!["item"]!["Vulnerability"]!;
            var cve = vuln["Name"]!.GetValue<string>();
            foreach (var fix in vuln["FixedIn"]!.AsArray())
            {
                var ns = fix!["NamespaceName"]!.GetValue<string>();
                var name = fix["Name"]!.GetValue<string>();
                var version = fix["Version"]!.GetValue<string>();
                if (!inputPackages.Contains(name))
                {
                    continue;
                }

                var entries = ours[(cve, ns, name)].ToList();
                checkedEntries++;
                var ok = version switch
                {
                    "0" => entries.Count == 0,
                    "None" => entries.Count == 1 && entries[0].Ranges.All(r => r.Fixed is null),
                    _ => entries.Count == 1 && entries[0].Ranges.Any(r => r.Fixed == version),
                };
                if (!ok)
                {
                    failures.Add($"{Path.GetFileName(file)} {ns} {name} {cve}: vunnel says {version}, we have {string.Join(";", entries.SelectMany(e => e.Ranges).Select(r => r.Fixed ?? "unfixed"))}");
                }
            }
        }

        Assert.True(checkedEntries >= 10, $"only {checkedEntries} snapshot entries");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
