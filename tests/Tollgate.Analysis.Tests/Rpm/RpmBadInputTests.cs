using System.Buffers.Binary;
using Tollgate.Analysis.Catalogers.Os.Rpm;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>
/// Damaged databases, made by mutating copies of real ones in a temp dir: what is valid is kept, every problem is a
/// warning naming the file, nothing throws or hangs (each test has a timeout).
/// </summary>
public sealed class RpmBadInputTests : IDisposable
{
    private const int Timeout = 60_000;
    private static readonly string CentOs7 = "/usr/share/gocode/src/github.com/knqyf263/go-rpmdb/pkg/testdata/centos7-plain/Packages";
    private readonly string _temp = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory(Timeout = Timeout)]
    [InlineData(0.5, 0)]
    [InlineData(0.25, 100)] // cut mid-page too
    [InlineData(0.9, 7)]
    public async Task Truncated_berkeley_db_keeps_the_headers_still_there(double keep, int extra)
    {
        var full = Rows(CentOs7);
        var bytes = File.ReadAllBytes(CentOs7);
        var cut = (int)(bytes.Length * keep) + extra;
        var path = new BdbPages(bytes[..cut]).WriteTo(_temp);

        var (packages, warnings) = await Task.Run(() => RpmRows.Read(path));

        Assert.InRange(packages.Count, 1, full.Count - 1);
        Assert.Subset(full.ToHashSet(), packages.Select(RpmRows.Row).ToHashSet());
        Assert.Contains(warnings, w => w.StartsWith(path + ": ", StringComparison.Ordinal) && w.Contains("truncated"));
        Assert.All(warnings, w => Assert.StartsWith(path, w));
    }

    [Fact(Timeout = Timeout)]
    public async Task Overflow_chain_looping_onto_itself_skips_only_that_header()
    {
        var db = new BdbPages(File.ReadAllBytes(CentOs7));
        var page = db.ChainedOverflowPages().First();
        db.SetNext(page, (uint)page);

        await AssertOneHeaderLost(db, $"overflow chain loops back to page {page}");
    }

    [Fact(Timeout = Timeout)]
    public async Task Overflow_chain_cycle_of_two_pages_skips_only_that_header()
    {
        var db = new BdbPages(File.ReadAllBytes(CentOs7));
        var first = db.ChainedOverflowPages().First(p => db.ChainedOverflowPages().Contains((int)db.Next(p)));
        var second = (int)db.Next(first);
        db.SetNext(second, (uint)first);

        await AssertOneHeaderLost(db, $"overflow chain loops back to page {first}");
    }

    [Fact(Timeout = Timeout)]
    public async Task Overflow_page_outside_the_file_skips_only_that_header()
    {
        var db = new BdbPages(File.ReadAllBytes(CentOs7));
        db.SetNext(db.ChainedOverflowPages().First(), 0x7fff_fff0);

        await AssertOneHeaderLost(db, "overflow page 2147483632 is beyond the end of the file");
    }

    [Fact(Timeout = Timeout)]
    public async Task Overflow_chain_into_a_hash_page_skips_only_that_header()
    {
        var db = new BdbPages(File.ReadAllBytes(CentOs7));
        var hashPage = db.PagesOfType(BdbPages.HashPage).First();
        db.SetNext(db.ChainedOverflowPages().First(), (uint)hashPage);

        await AssertOneHeaderLost(db, $"page {hashPage} in its overflow chain has page type 13");
    }

    [Fact(Timeout = Timeout)]
    public async Task Hash_bucket_chain_that_loops_is_stopped_and_nothing_is_lost()
    {
        var db = new BdbPages(File.ReadAllBytes(CentOs7));
        var page = db.PagesOfType(BdbPages.HashPage).First(p => db.Entries(p) > 0);
        db.SetNext(page, (uint)page);
        var path = db.WriteTo(_temp);

        var (packages, warnings) = await Task.Run(() => RpmRows.Read(path));

        RpmRows.AssertSameRows(Rows(CentOs7), packages.Select(RpmRows.Row), "looping bucket");
        Assert.Equal($"{path}: hash bucket", Assert.Single(warnings)[..(path.Length + 13)]);
        Assert.Contains($"reaches page {page} a second time (loop)", warnings[0]);
    }

    [Fact(Timeout = Timeout)]
    public async Task Hash_page_with_an_item_offset_outside_the_page_loses_only_that_item()
    {
        var db = new BdbPages(File.ReadAllBytes(CentOs7));
        var page = db.PagesOfType(BdbPages.HashPage).First(p => db.Entries(p) >= 4);
        var last = db.Entries(page) - 1;

        // The last item is the data of the last pair (no later item ends where it starts); point it past the page end.
        BinaryPrimitives.WriteUInt16LittleEndian(db.Bytes.AsSpan((page * db.PageSize) + 26 + (last * 2)), 0xffff);

        await AssertOneHeaderLost(db, $"hash page {page} item {last - 1} has a bad offset or type");
    }

    [Fact(Timeout = Timeout)]
    public async Task Metadata_with_a_bad_page_size_is_one_clear_warning()
    {
        var bytes = File.ReadAllBytes(CentOs7)[..65536];
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), 3000);
        var path = Path.Combine(_temp, "Packages");
        File.WriteAllBytes(path, bytes);

        var (packages, warnings) = await Task.Run(() => RpmRows.Read(path));

        Assert.Empty(packages);
        Assert.Equal(
            $"{path}: BerkeleyDb database unreadable: Berkeley DB page size 3000 is not a power of two between 512 and 65536; kept the 0 packages read before",
            Assert.Single(warnings));
    }

    [Theory(Timeout = Timeout)]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0 })]
    public async Task Not_a_database_is_one_warning(byte[] content)
    {
        var path = Path.Combine(_temp, "Packages");
        File.WriteAllBytes(path, content);

        var (packages, warnings) = await Task.Run(() => RpmRows.Read(path));

        Assert.Empty(packages);
        Assert.Equal($"{path}: not an rpm database (no Berkeley DB hash, SQLite or NDB magic)", Assert.Single(warnings));
    }

    private async Task AssertOneHeaderLost(BdbPages db, string problem)
    {
        var path = db.WriteTo(_temp);
        var full = Rows(CentOs7);

        var (packages, warnings) = await Task.Run(() => RpmRows.Read(path));

        Assert.Equal(full.Count - 1, packages.Count);
        Assert.Subset(full.ToHashSet(), packages.Select(RpmRows.Row).ToHashSet());
        var warning = Assert.Single(warnings);
        Assert.StartsWith(path + ": ", warning);
        Assert.Contains(problem, warning);
    }

    private static List<string> Rows(string db) => [.. RpmRows.Read(db).Packages.Select(RpmRows.Row)];
}
