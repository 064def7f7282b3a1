using Tollgate.TestSupport;
using Tollgate.TestSupport.Oracles;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Images.Tests.Integration;

/// <summary>
/// Platform selection on the Alpine 3.20.3 multi-arch index (linux/amd64 + linux/arm64, built from the two official
/// minirootfs tarballs): each platform gives exactly its own architecture's `umoci unpack` listing.
/// </summary>
public sealed class AlpinePlatformTests
{
    private static string Alpine(params string[] parts) => TestPaths.RequireTestData(["alpine", .. parts]);

    [Theory]
    [InlineData("linux/amd64", "amd64")]
    [InlineData("linux/arm64", "arm64")]
    public async Task Oci_dir_index_selects_the_platform(string platform, string arch)
    {
        using var image = await ImageLoader.LoadAsync($"oci-dir:{Alpine("oci")}:3.20.3", new ImageLoadOptions { Platform = platform });

        await AssertIsAlpine(image, arch);
    }

    [Fact]
    public async Task Oci_archive_index_selects_arm64()
    {
        using var image = await ImageLoader.LoadAsync($"oci-archive:{Alpine("oci-archive.tar")}", new ImageLoadOptions { Platform = "linux/arm64" });

        await AssertIsAlpine(image, "arm64");
    }

    [Fact]
    public async Task Registry_index_selects_arm64()
    {
        await using var registry = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await registry.PushOciLayoutAsync(Alpine("oci"), "tollgate/alpine:3.20.3", "3.20.3", all: true);

        using var image = await ImageLoader.LoadAsync(
            registry.Reference("tollgate/alpine:3.20.3"), new ImageLoadOptions { Platform = "linux/arm64", Insecure = true });

        await AssertIsAlpine(image, "arm64");
        Assert.NotNull(image.Metadata.IndexDigest);
    }

    [Fact]
    public async Task The_two_platforms_really_differ()
    {
        var amd64 = await RootfsListing.ReadAsync(Alpine("bundle-amd64", "rootfs"));
        var arm64 = await RootfsListing.ReadAsync(Alpine("bundle-arm64", "rootfs"));

        Assert.Contains("/lib/ld-musl-x86_64.so.1", amd64.Entries.Keys);
        Assert.Contains("/lib/ld-musl-aarch64.so.1", arm64.Entries.Keys);
        Assert.DoesNotContain("/lib/ld-musl-aarch64.so.1", amd64.Entries.Keys);
    }

    private static async Task AssertIsAlpine(Model.LoadedImage image, string arch)
    {
        Assert.Equal(arch, image.Metadata.Architecture);
        var expected = await RootfsListing.ReadAsync(Alpine($"bundle-{arch}", "rootfs"));
        ImageListing.AssertSame(expected, ImageListing.Of(image.Files), $"alpine {arch}");
    }
}
