using Tollgate.TestSupport;
using Tollgate.TestSupport.Oracles;

namespace Tollgate.Images.Tests.Integration;

/// <summary>
/// Every image scripts/build-test-images.sh makes reads back to its own `umoci unpack` root filesystem, through
/// its docker-archive copy (the form the other issues' tests and benches use most), so a broken build step
/// (e.g. a truncated hand-made layer) fails here rather than somewhere downstream.
/// </summary>
public sealed class EveryTestImageTests
{
    [Theory]
    [InlineData("dod-bad", "bundle")]
    [InlineData("dod-good", "bundle")]
    [InlineData("lang", "bundle")]
    [InlineData("secrets", "bundle")]
    [InlineData("alpine", "bundle-amd64")]
    public async Task Docker_archive_equals_its_unpacked_rootfs(string name, string bundle)
    {
        var expected = await RootfsListing.ReadAsync(TestPaths.RequireTestData(name, bundle, "rootfs"));

        using var image = await ImageLoader.LoadAsync("docker-archive:" + TestPaths.RequireTestData(name, "docker-archive.tar"), new ImageLoadOptions());

        ImageListing.AssertSame(expected, ImageListing.Of(image.Files), name);
    }

    [Fact]
    public async Task Dod_images_differ_the_way_the_policy_tests_need()
    {
        using var bad = await ImageLoader.LoadAsync("oci-dir:" + TestPaths.RequireTestData("dod-bad", "oci") + ":latest", new ImageLoadOptions());
        using var good = await ImageLoader.LoadAsync("oci-dir:" + TestPaths.RequireTestData("dod-good", "oci") + ":1.0.0", new ImageLoadOptions());

        Assert.True(string.IsNullOrEmpty(bad.Metadata.Config.User));
        Assert.Contains("22/tcp", bad.Metadata.Config.ExposedPorts);
        Assert.Null(bad.Metadata.Config.Healthcheck);
        Assert.Equal("4755", bad.Files.Find("/usr/bin/chage")?.OctalMode);

        Assert.Equal("10001:10001", good.Metadata.Config.User);
        Assert.DoesNotContain("22/tcp", good.Metadata.Config.ExposedPorts);
        Assert.Equal(["CMD", "/bin/true"], good.Metadata.Config.Healthcheck?.Test);
        Assert.DoesNotContain(good.Files.Squashed.Values, e => e.IsSetuid || e.IsSetgid);
        Assert.Equal("1.0.0", good.Metadata.Config.Labels["org.opencontainers.image.version"]);
    }

    [Fact]
    public async Task Secrets_image_keeps_the_deleted_credentials_in_layer_1_only()
    {
        using var image = await ImageLoader.LoadAsync("oci-dir:" + TestPaths.RequireTestData("secrets", "oci") + ":latest", new ImageLoadOptions());

        Assert.Null(image.Files.Find("/root/.aws/credentials"));
        Assert.Contains(image.Files.Layers[1].Entries, e => e.Path == "/root/.aws/credentials");
        Assert.Contains("/root/.aws/credentials", image.Files.Layers[2].Whiteouts);
        Assert.NotNull(image.Files.Find("/root/.ssh/id_rsa"));
        Assert.Contains(image.Metadata.Config.Env, e => e.StartsWith("DB_PASSWORD=Fake-", StringComparison.Ordinal));
    }
}
