using System.Security.Cryptography;
using Tollgate.TestSupport;

namespace Tollgate.Cli.Tests.Vulnerabilities;

/// <summary>`tollgate db` end to end, including a SIGKILL in the middle of an import.</summary>
public sealed class DbCommandTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    [Fact]
    public async Task ImportStatusExport()
    {
        var db = Path.Combine(_dir, "v.db");
        var (exit, stdout, stderr) = await CliProcess.RunAsync("db", "import", TestPaths.Corpus("vulns", "osv-pypi-yaml"), TestPaths.Corpus("vulns", "kev"), "--db", db);
        Assert.True(exit == 0, stderr);
        Assert.Contains("osv", stdout);
        Assert.Contains("known_exploited_vulnerabilities_schema.json: a JSON Schema", stderr); // skipped, with the reason

        (exit, stdout, _) = await CliProcess.RunAsync("db", "status", "--db", db);
        Assert.Equal(0, exit);
        Assert.Matches(@"osv:PyPI\s+\S+ \S+\s+255", stdout); // 256 PyPA files, one withdrawn
        Assert.Matches(@"cisa-kev\s+\S+ \S+\s+1404", stdout);

        var export = Path.Combine(_dir, "export.json");
        (exit, _, _) = await CliProcess.RunAsync("db", "export", "--db", db, "-o", "json=" + export);
        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(export));
        Assert.Equal(1404, doc.RootElement.GetProperty("kev").GetArrayLength());
    }

    [Fact]
    public async Task MissingInputIsAnErrorNamingIt()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync("db", "import", Path.Combine(_dir, "nope"), "--db", Path.Combine(_dir, "v.db"));
        Assert.Equal(2, exit);
        Assert.Contains("nope: no such file or folder", stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "v.db")));
    }

    [Fact]
    public async Task ImportKilledHalfwayLeavesThePreviousDbIntact()
    {
        var db = Path.Combine(_dir, "v.db");
        var (exit, _, stderr) = await CliProcess.RunAsync("db", "import", TestPaths.Corpus("vulns", "alpine-secdb"), "--db", db);
        Assert.True(exit == 0, stderr);
        var before = SHA256.HashData(File.ReadAllBytes(db));

        // The full corpus takes seconds; kill (SIGKILL) as soon as the new DB file beside the old one is being written.
        using (var p = CliProcess.Start("db", "import", TestPaths.Corpus("vulns"), "--db", db))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Directory.EnumerateFiles(_dir, "v.db.tmp-*").Any(f => new FileInfo(f).Length > before.Length) && !p.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.False(p.HasExited, "import finished before it could be killed");
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        (exit, var stdout, _) = await CliProcess.RunAsync("db", "status", "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("alpine-secdb", stdout);
        Assert.DoesNotContain("osv:Go", stdout);

        // The killed run's temp file is cleaned by the next run.
        Assert.NotEmpty(Directory.EnumerateFiles(_dir, "v.db.tmp-*"));
        (exit, _, _) = await CliProcess.RunAsync("db", "import", TestPaths.Corpus("vulns", "kev", "known_exploited_vulnerabilities.json"), "--db", db);
        Assert.Equal(0, exit);
        Assert.Empty(Directory.EnumerateFiles(_dir, "v.db.tmp-*"));
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
