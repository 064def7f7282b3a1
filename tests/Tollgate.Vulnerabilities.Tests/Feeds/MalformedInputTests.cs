using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Tests.Feeds;

/// <summary>Bad files are skipped one by one, each with its name and reason; the good ones still import.</summary>
public sealed class MalformedInputTests
{
    [Fact]
    public void BadFilesAreSkippedWithAReasonEach()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            File.Copy(TestPaths.Corpus("vulns", "osv-go", "GO-2022-0166.json"), Path.Combine(dir, "good.json"));
            var truncated = File.ReadAllText(TestPaths.Corpus("vulns", "osv-go", "GO-2022-0969.json"));
            File.WriteAllText(Path.Combine(dir, "truncated.json"), truncated[..(truncated.Length / 2)]);
            File.WriteAllText(Path.Combine(dir, "no-id.json"), """{"schema_version":"1.3.1","modified":"2024-01-01T00:00:00Z","affected":[]}""");
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "just some notes");
            File.WriteAllText(Path.Combine(dir, "bad.yaml"), "id: PYSEC-1\naffected: [\n");
            File.WriteAllText(Path.Combine(dir, "bad-range.json"), """{"id":999,"module_name":"x","vulnerable_versions":">=banana","patched_versions":""}""");

            var sink = new ListSink();
            var report = FeedImporter.Import(dir, sink);

            Assert.Equal("GO-2022-0166", Assert.Single(sink.Advisories).Id);
            var reasons = report.Skipped.ToDictionary(s => Path.GetFileName(s.File.Split('#')[0]), s => s.Reason);
            Assert.Equal(5, report.Skipped.Count);
            Assert.Contains("truncated.json", reasons.Keys);
            Assert.Contains("\"id\"", reasons["no-id.json"]);
            Assert.Equal("not a supported advisory format", reasons["notes.txt"]);
            Assert.Contains("bad.yaml", reasons.Keys);
            Assert.Contains(">=banana", reasons["bad-range.json"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
