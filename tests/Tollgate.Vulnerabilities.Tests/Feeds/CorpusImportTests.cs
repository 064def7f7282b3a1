using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Tests.Feeds;

/// <summary>Record counts per feed folder, checked against the corpus README's counts and the files themselves.</summary>
public sealed class CorpusImportTests
{
    [Theory]
    [InlineData("osv-go", "osv", 4291)] // README: 4,291 GO-… records; all carry zero "modified" times and must be accepted.
    [InlineData("osv-pypi-yaml", "osv", 256)] // README: 256 PYSEC YAML files.
    [InlineData("nodejs-security-wg", "nodejs-security-wg", 467 * 2)] // 467 N.json records, and index.json repeats all 467.
    public void EveryRecordOfAFolderIsRead(string folder, string format, int files)
    {
        // Records with a "withdrawn" time are retracted advisories: read, then dropped.
        var dir = TestPaths.Corpus("vulns", folder);
        var withdrawn = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Count(f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("withdrawn:", StringComparison.Ordinal) || l.Contains("\"withdrawn\":", StringComparison.Ordinal)));
        var sink = new ListSink();
        var report = FeedImporter.Import(dir, sink);
        Assert.Empty(report.Skipped);
        Assert.Equal(files - withdrawn, report.RecordsByFormat[format]);
        Assert.True(withdrawn < files / 10);
    }

    [Fact]
    public void CratesWithdrawnRecordsAreSkipped()
    {
        // 1,206 RustSec files; those with a "withdrawn" time are not advisories any more.
        var dir = TestPaths.Corpus("vulns", "osv-crates");
        var withdrawn = Directory.EnumerateFiles(dir).Count(f => File.ReadAllText(f).Contains("\"withdrawn\"", StringComparison.Ordinal));
        var sink = new ListSink();
        var report = FeedImporter.Import(dir, sink);
        Assert.Empty(report.Skipped);
        Assert.Equal(1206 - withdrawn, sink.Advisories.Count);
        Assert.All(sink.Advisories, a => Assert.Equal("osv:crates.io", a.Source));
    }

    [Fact]
    public void KevAndEpss()
    {
        var sink = new ListSink();
        FeedImporter.Import(TestPaths.Corpus("vulns", "kev", "known_exploited_vulnerabilities.json"), sink);
        Assert.Equal(1404, sink.Kev.Count); // the catalog's own "count" field
        FeedImporter.Import(TestPaths.Corpus("vulns", "vunnel-upstream", "epss", "example-1.csv"), sink);
        var first = sink.Epss.First();
        Assert.Equal(("CVE-1999-0001", 0.00383, 0.73075, "2025-02-20T00:00:00+0000"), (first.Cve, first.Score, first.Percentile, first.Date));
    }

    [Fact]
    public void NvdCvssAndCpes()
    {
        // CVE-2024-3094: NVD primary CVSS 3.1 10.0 (CRITICAL), CWE-506, CPEs tukaani xz 5.6.0 and 5.6.1.
        var sink = new ListSink();
        FeedImporter.Import(TestPaths.Corpus("vulns", "osv-samples", "nvd-2.0", "CVE-2024-3094.json"), sink);
        var a = Assert.Single(sink.Advisories);
        Assert.Equal(("CVE-2024-3094", "Critical", 10.0), (a.Id, a.Severity, a.CvssScore));
        Assert.StartsWith("nvd:cvss:3.1", a.SeveritySource);
        Assert.Contains("CWE-506", a.Cwes);
        Assert.Equal(["cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*", "cpe:2.3:a:tukaani:xz:5.6.1:*:*:*:*:*:*:*"], a.Cpes.Select(c => c.Criteria));
    }
}
