using System.Text.Json;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.TestSupport;

namespace Tollgate.Cli.Tests.Vulnerabilities;

/// <summary>`tollgate scan` on an analysis given as native JSON: outputs, --fail-on exit codes, suppression.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();
    private readonly string _db;
    private readonly string _sbom;

    public ScanCommandTests()
    {
        _db = Path.Combine(_dir, "v.db");
        var r = CliProcess.RunAsync("db", "import", TestPaths.Corpus("vulns", "alpine-secdb"), "--db", _db).GetAwaiter().GetResult();
        Assert.True(r.Exit == 0, r.Stderr);

        // Alpine 3.11 packages: libssl1.1 (origin openssl) 1.1.1d-r2 is below the v3.11 secdb fix 1.1.1d-r3 (CVE-2019-1551);
        // musl 1.1.24-r0 has no open secfix in v3.11.
        var analysis = new ImageAnalysis
        {
            Image = new ImageMetadata { Source = "test", SourceKind = "test" },
            Distro = new Distro { Id = "alpine", VersionId = "3.11.6" },
            Packages =
            [
                new Package { Id = "apk-libssl", Name = "libssl1.1", Version = "1.1.1d-r2", Type = "apk", FoundBy = "apk-db", SourceName = "openssl", Purl = "pkg:apk/alpine/libssl1.1@1.1.1d-r2" },
                new Package { Id = "apk-musl", Name = "musl", Version = "1.1.24-r0", Type = "apk", FoundBy = "apk-db", SourceName = "musl", Purl = "pkg:apk/alpine/musl@1.1.24-r0" },
            ],
        };
        _sbom = Path.Combine(_dir, "analysis.json");
        File.WriteAllText(_sbom, JsonSerializer.Serialize(analysis, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public async Task JsonOutputAndFailOn()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", _db, "-o", "json", "--fail-on", "critical");
        Assert.True(exit == 0, stderr); // secdb has no severities: Unknown never reaches critical
        using var doc = JsonDocument.Parse(stdout);
        var match = Assert.Single(doc.RootElement.GetProperty("matches").EnumerateArray());
        Assert.Equal("CVE-2019-1551", match.GetProperty("id").GetString());
        Assert.Equal("apk-libssl", match.GetProperty("packageId").GetString());

        (exit, _, stderr) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", _db, "--fail-on", "unknown");
        Assert.Equal(1, exit);
        Assert.Contains("--fail-on unknown", stderr);
    }

    [Fact]
    public async Task CycloneDxAffectsPointAtComponents()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", _db, "-o", "cyclonedx-json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var refs = doc.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()).ToHashSet();
        var vuln = Assert.Single(doc.RootElement.GetProperty("vulnerabilities").EnumerateArray());
        Assert.Equal("CVE-2019-1551", vuln.GetProperty("id").GetString());
        var affects = vuln.GetProperty("affects").EnumerateArray().Select(a => a.GetProperty("ref").GetString()).ToList();
        Assert.Equal(["apk-libssl"], affects);
        Assert.All(affects, r => Assert.Contains(r, refs));
    }

    [Fact]
    public async Task IgnoredMatchesAreHiddenUnlessAskedAndDoNotTrip()
    {
        var ignore = Path.Combine(_dir, "ignore.yaml");
        File.WriteAllText(ignore, "ignore:\n  - vulnerability: CVE-2019-1551\n    reason: accepted risk\n");
        var (exit, stdout, _) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", _db, "--ignore", ignore, "--fail-on", "unknown");
        Assert.Equal(0, exit);
        Assert.Contains("No vulnerabilities found", stdout);

        (exit, stdout, _) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", _db, "--ignore", ignore, "--show-suppressed");
        Assert.Equal(0, exit);
        Assert.Contains("ignore-rule: accepted risk", stdout);
    }

    [Fact]
    public async Task ErrorsExitTwo()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", Path.Combine(_dir, "missing.db"));
        Assert.Equal(2, exit);
        Assert.Contains("missing.db: no vulnerability database", stderr);

        // A file that is no SBOM at all is an error naming the file.
        var notSbom = Path.Combine(_dir, "not-an-sbom.json");
        await File.WriteAllTextAsync(notSbom, "{\"hello\": 1}");
        (exit, _, stderr) = await CliProcess.RunAsync("scan", "sbom:" + notSbom, "--db", _db);
        Assert.Equal(2, exit);
        Assert.Contains("not-an-sbom.json", stderr);

        // CycloneDX input is read (the official sample scans without error).
        var cdx = TestPaths.Corpus("samples", "cyclonedx", "valid-bom-1.6.json");
        (exit, _, _) = await CliProcess.RunAsync("scan", "sbom:" + cdx, "--db", _db);
        Assert.Equal(0, exit);

        (exit, _, stderr) = await CliProcess.RunAsync("scan", "sbom:" + _sbom, "--db", _db, "--fail-on", "huge");
        Assert.Equal(2, exit);
        Assert.Contains("--fail-on 'huge'", stderr);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
