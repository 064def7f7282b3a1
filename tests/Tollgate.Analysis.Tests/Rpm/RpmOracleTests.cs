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
        var expected = RpmCli.Query(source, RpmRows.QueryFormat);
        var (packages, warnings) = RpmRows.Read(RpmCli.DatabaseFile(source));

        Assert.Empty(warnings);
        Assert.True(expected.Count > 50, $"rpm printed only {expected.Count} rows for {name}");
        RpmRows.AssertSameRows(expected, packages.Select(RpmRows.Row), name);
    }

    /// <summary>Owned files (path, digest, mode, size) and vendor/size/modularity label, also against rpm.</summary>
    [Theory]
    [InlineData("centos5-plain")]
    [InlineData("centos8-modularitylabel")]
    public void Files_and_details_read_exactly_as_rpm_prints_them(string name)
    {
        var source = Path.Combine(GoRpmDbTestData, name);
        var (packages, warnings) = RpmRows.Read(RpmCli.DatabaseFile(source));
        Assert.Empty(warnings);

        var files = RpmCli.Query(
            source, "[%{=NAME}\\t%{=ARCH}\\t%{FILENAMES}\\t%{FILEDIGESTS}\\t%{FILEMODES}\\t%{FILESIZES}\\n]");
        var ours = packages.SelectMany(p => p.Files.Select(f =>
            $"{p.Name}\t{p.Arch ?? "(none)"}\t{f.Path}\t{f.Digest?.Value}\t{f.Mode}\t{f.Size}"));
        Assert.True(files.Count > 10000, $"rpm listed only {files.Count} files");
        RpmRows.AssertSameRows(files, ours, name + " files");

        var details = RpmCli.Query(source, "%{NAME}\\t%{ARCH}\\t%{VENDOR}\\t%{SIZE}\\t%{MODULARITYLABEL}\\n");
        RpmRows.AssertSameRows(
            details,
            packages.Select(p => $"{p.Name}\t{p.Arch ?? "(none)"}\t{p.Vendor ?? "(none)"}\t{p.Size}\t{p.ModularityLabel ?? "(none)"}"),
            name + " details");
    }

    /// <summary>A CentOS database rewritten in big-endian order (as on s390x) reads exactly as the original does in rpm.</summary>
    [Fact]
    public void Big_endian_berkeley_db_reads_as_rpm_prints_the_original()
    {
        var source = Path.Combine(GoRpmDbTestData, "centos6-plain");
        var original = File.ReadAllBytes(Path.Combine(source, "Packages"));
        var bigEndian = new BdbPages(original).ToBigEndian();
        Assert.NotEqual(original.AsSpan(12, 4).ToArray(), bigEndian.AsSpan(12, 4).ToArray());
        var folder = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(folder, "Packages");
            File.WriteAllBytes(path, bigEndian);
            var (packages, warnings) = RpmRows.Read(path);

            Assert.Empty(warnings);
            RpmRows.AssertSameRows(RpmCli.Query(source, RpmRows.QueryFormat), packages.Select(RpmRows.Row), "big-endian centos6-plain");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
