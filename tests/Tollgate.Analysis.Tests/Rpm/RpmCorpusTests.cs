using Tollgate.Analysis.Catalogers.Os.Rpm;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>The three rpmdb backends against the expected TSVs shipped beside them in the shared corpus.</summary>
public class RpmCorpusTests
{
    [Theory]
    [InlineData("cbl-mariner-2.0/rpmdb.sqlite", "cbl-mariner-2.0.expected.tsv", 129)]
    [InlineData("sle15-bci/Packages.db", "sle15-bci.expected.tsv", 35)]
    [InlineData("libuuid/Packages", "libuuid.expected.tsv", 1)]
    public void Database_gives_exactly_the_expected_rows(string db, string tsv, int count)
    {
        var expected = File.ReadAllLines(TestPaths.Corpus("rpmdb", tsv)).Skip(1).Where(l => l.Length > 0).ToList();
        var (packages, warnings) = RpmRows.Read(TestPaths.Corpus("rpmdb", db));

        Assert.Empty(warnings);
        Assert.Equal(count, expected.Count);
        RpmRows.AssertSameRows(expected, packages.Select(RpmRows.Row), db);
    }

    /// <summary>SQLite needs a file: the private copy (and any -shm SQLite made) is gone once reading ends.</summary>
    [Fact]
    public void Sqlite_copy_is_deleted_after_reading()
    {
        var root = TestPaths.NewTempDir();
        try
        {
            using var db = File.OpenRead(TestPaths.Corpus("rpmdb", "cbl-mariner-2.0", "rpmdb.sqlite"));
            var blobs = SqliteRpmDbReader.Read(db, wal: null, root).ToList();

            Assert.Equal(129, blobs.Count);
            Assert.Empty(Directory.GetFileSystemEntries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
