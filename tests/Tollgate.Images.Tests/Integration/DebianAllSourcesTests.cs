using Tollgate.TestSupport;
using Tollgate.TestSupport.Oracles;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Images.Tests.Integration;

/// <summary>The `umoci unpack` root filesystem of the Debian test image, read once for every test of the class.</summary>
public sealed class DebianOracle : IAsyncLifetime
{
    public RootfsSnapshot Expected { get; private set; } = null!;

    public static string Image(params string[] parts) => TestPaths.RequireTestData(["debian", .. parts]);

    public async Task InitializeAsync() => Expected = await RootfsListing.ReadAsync(Image("bundle", "rootfs"));

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Issue 2's proof: the Debian test image (mmdebstrap minbase + a layer of whiteouts, hardlink, fifo, escaping
/// symlink + an opaque-whiteout layer) read from every source kind gives the same squashed listing, equal to what
/// `umoci unpack` wrote to disk (paths, types, modes with setuid bits, owners, sizes, link targets, hardlinks).
/// </summary>
public sealed class DebianAllSourcesTests(DebianOracle oracle) : IClassFixture<DebianOracle>
{
    // The last column: whether the source can tell hardlinks apart. Layer tars record them; a directory walk
    // through the BCL sees no inode numbers, so a dir: source lists each name as its own regular file (same
    // type, mode, owner and size — which the listing still checks).
    public static TheoryData<string, string, bool> LocalSources => new()
    {
        { "oci-dir", "oci-dir:{0}/oci:latest", true },
        { "oci-archive", "oci-archive:{0}/oci-archive.tar", true },
        { "docker-archive (skopeo, legacy layout)", "docker-archive:{0}/docker-archive.tar", true },
        { "docker-archive (Docker 25+ OCI-style save)", "docker-archive:{0}/docker-oci-archive.tar", true },
        { "oci-dir, zstd layers", "oci-dir:{0}/zstd:latest", true },
        { "dir (the unpacked rootfs)", "dir:{0}/bundle/rootfs", false },
    };

    [Theory]
    [MemberData(nameof(LocalSources))]
    public async Task Local_source_listing_equals_umoci_unpack(string kind, string pattern, bool recordsHardlinks)
    {
        var source = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, DebianOracle.Image());
        using var image = await ImageLoader.LoadAsync(source, new ImageLoadOptions());

        ImageListing.AssertSame(oracle.Expected, ImageListing.Of(image.Files), kind, recordsHardlinks);
    }

    [Fact]
    public async Task Registry_listing_equals_umoci_unpack()
    {
        await using var registry = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await registry.PushOciLayoutAsync(DebianOracle.Image("oci"), "tollgate/debian:latest", "latest");

        using var image = await ImageLoader.LoadAsync(registry.Reference("tollgate/debian:latest"), new ImageLoadOptions { Insecure = true });

        Assert.Equal("registry", image.Metadata.SourceKind);
        ImageListing.AssertSame(oracle.Expected, ImageListing.Of(image.Files), "registry");
    }

    [Fact]
    public void Oracle_shows_the_planted_layer_effects()
    {
        // Guards the comparison against an empty or wrong oracle: these are what layers 2 and 3 did.
        var entries = oracle.Expected.Entries;
        Assert.True(entries.Count > 5000, $"only {entries.Count} entries in the Debian rootfs");
        Assert.DoesNotContain("/etc/motd", entries.Keys);
        Assert.DoesNotContain("/usr/share/doc/hostname", entries.Keys);
        Assert.DoesNotContain("/usr/share/doc/hostname/copyright", entries.Keys);
        Assert.Equal(["/etc/tollgate-opaque/c"], entries.Keys.Where(p => p.StartsWith("/etc/tollgate-opaque/", StringComparison.Ordinal)));
        Assert.Equal(new ListingEntry("/etc/tollgate-release", "file", "0640", 0, 4, 20, null), entries["/etc/tollgate-release"]);
        Assert.Equal("4755", entries["/usr/bin/passwd"].Mode);
        Assert.Equal("fifo", entries["/usr/share/tollgate/fifo"].Type);
        Assert.Equal("../../../../../../outside-the-image", entries["/usr/share/tollgate/escaping-symlink"].LinkTarget);
        Assert.Contains(oracle.Expected.HardlinkGroups, g => g.SequenceEqual(["/etc/tollgate-release", "/usr/share/tollgate/release-hardlink"]));
    }
}
