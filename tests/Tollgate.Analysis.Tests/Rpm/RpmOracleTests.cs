using System.Diagnostics;
using System.Text;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>
/// Every database in Debian's golang-github-knqyf263-go-rpmdb-dev testdata (CentOS 5–8 Berkeley DB; SQLite ones
/// too if a later version ships them) read by us and by the real rpm on a copy, at test time: the rows must be equal.
/// </summary>
public class RpmOracleTests
{
    private const string GoRpmDbTestData = "/usr/share/gocode/src/github.com/knqyf263/go-rpmdb/pkg/testdata";

    public static TheoryData<string> Databases() => new(DatabaseNames());

    private static List<string> DatabaseNames() => Directory.Exists(GoRpmDbTestData)
        ? [.. Directory.GetDirectories(GoRpmDbTestData).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)]
        : ["(missing: run scripts/install-deps.sh to install golang-github-knqyf263-go-rpmdb-dev)"];

    [Fact]
    public void Testdata_holds_the_centos_databases()
    {
        var names = DatabaseNames();
        Assert.Contains("centos5-plain", names);
        Assert.Contains("centos7-many", names);
        Assert.Contains("centos8-modularitylabel", names);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Database_reads_exactly_as_rpm_prints_it(string name)
    {
        var source = Path.Combine(GoRpmDbTestData, name);
        Assert.True(Directory.Exists(source), name);
        var (dbFile, backend) = File.Exists(Path.Combine(source, "rpmdb.sqlite"))
            ? ("rpmdb.sqlite", "sqlite")
            : ("Packages", "bdb_ro");

        var copy = TestPaths.NewTempDir();
        try
        {
            File.Copy(Path.Combine(source, dbFile), Path.Combine(copy, dbFile));
            var expected = RunRpm(copy, backend);
            var (packages, warnings) = RpmRows.Read(Path.Combine(source, dbFile));

            Assert.Empty(warnings);
            Assert.True(expected.Count > 50, $"rpm printed only {expected.Count} rows for {name}");
            RpmRows.AssertSameRows(expected, packages.Select(RpmRows.Row), name);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static List<string> RunRpm(string dbPath, string backend)
    {
        var start = new ProcessStartInfo("rpm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { "--define", "_db_backend " + backend, "--dbpath", dbPath, "-qa", "--qf", RpmRows.QueryFormat })
        {
            start.ArgumentList.Add(arg);
        }

        using var rpm = Process.Start(start) ?? throw new InvalidOperationException("rpm did not start");
        var stderr = rpm.StandardError.ReadToEndAsync();
        var stdout = rpm.StandardOutput.ReadToEnd();
        rpm.WaitForExit();
        Assert.True(rpm.ExitCode == 0, $"rpm exited {rpm.ExitCode}: {stderr.Result}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
