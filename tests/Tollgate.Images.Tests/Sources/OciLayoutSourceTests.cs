using Tollgate.Images.FileTree;
using Tollgate.Images.Layers;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Images.Tests.Sources;

public sealed class OciLayoutSourceTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public async Task Reads_every_entry_kind_with_owner_mode_and_links(LayerCompression compression)
    {
        var (source, _, manifest) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()], compression);

        using var image = await ImageLoader.LoadAsync(source, new ImageLoadOptions());

        var files = image.Files;
        Assert.Equal(FileEntryType.Dir, files.Find("/etc")!.Type);
        var shadow = files.Find("/etc/shadow")!;
        Assert.Equal(("0640", 0, 42), (shadow.OctalMode, shadow.Uid, shadow.Gid));
        Assert.Equal("4755", files.Find("/bin/tool")!.OctalMode);
        Assert.Equal((FileEntryType.Symlink, "/bin/tool"), (files.Find("/bin/sh")!.Type, files.Find("/bin/sh")!.LinkTarget));
        Assert.Equal((FileEntryType.Hardlink, "/bin/tool"), (files.Find("/bin/tool2")!.Type, files.Find("/bin/tool2")!.LinkTarget));
        Assert.Equal(FileEntryType.Char, files.Find("/dev/null")!.Type);
        Assert.Equal(FileEntryType.Fifo, files.Find("/dev/pipe")!.Type);
        Assert.Equal("1777", files.Find("/tmp")!.OctalMode);
        Assert.Equal(manifest.Digest, image.Metadata.ManifestDigest);
        Assert.Equal(["t"], image.Metadata.Tags);
        Assert.Equal("amd64", image.Metadata.Architecture);
        Assert.Equal(files.Layers[0].DiffId, image.Metadata.Layers[0].DiffId);
    }

    [Theory]
    [InlineData(System.Formats.Tar.TarEntryFormat.Pax)]
    [InlineData(System.Formats.Tar.TarEntryFormat.Gnu)]
    public async Task Long_names_and_xattrs_survive(System.Formats.Tar.TarEntryFormat format)
    {
        var longPath = "./" + new string('d', 120) + "/" + new string('f', 130);
        var builder = new LayerBuilder(format).File(longPath, "x").Symlink("./link", new string('t', 150));
        if (format == System.Formats.Tar.TarEntryFormat.Pax)
        {
            builder.File("./bin/ping", [1], xattrs: new Dictionary<string, string> { ["user.note"] = "hello" });
        }

        var (source, _, _) = SyntheticImages.Layout(_dir, [builder.ToArray()]);

        using var image = await ImageLoader.LoadAsync(source, new ImageLoadOptions());

        Assert.NotNull(image.Files.Find(longPath[1..]));
        Assert.Equal(new string('t', 150), image.Files.Find("/link")!.LinkTarget);
        if (format == System.Formats.Tar.TarEntryFormat.Pax)
        {
            Assert.Equal(Convert.ToBase64String("hello"u8), image.Files.Find("/bin/ping")!.Xattrs!["user.note"]);
        }
    }

    [Fact]
    public async Task Whiteouts_and_opaque_dirs_apply_across_layers()
    {
        var upper = new LayerBuilder()
            .Dir("./etc").Whiteout("./etc/motd")
            .Dir("./opt").Opaque("./opt").File("./opt/b", "b")
            .ToArray();
        var (source, _, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer(), upper]);

        using var image = await ImageLoader.LoadAsync(source, new ImageLoadOptions());

        Assert.Null(image.Files.Find("/etc/motd"));
        Assert.Null(image.Files.Find("/opt/a"));
        Assert.Equal(1, image.Files.Find("/opt/b")!.Layer);
        Assert.Contains(image.Files.AllLayers, e => e.Path == "/etc/motd" && e.Layer == 0);
        Assert.Equal(["/etc/motd"], image.Files.Layers[1].Whiteouts);
        Assert.Equal(["/opt"], image.Files.Layers[1].OpaqueDirs);
        Assert.DoesNotContain(image.Files.AllLayers, e => e.Path.Contains(".wh.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Platform_is_selected_from_an_index()
    {
        SyntheticImages.MultiArch(_dir);

        using var arm = await ImageLoader.LoadAsync($"oci-dir:{_dir}:multi", new ImageLoadOptions { Platform = "linux/arm64" });
        using var amd = await ImageLoader.LoadAsync($"oci-dir:{_dir}:multi", new ImageLoadOptions());

        Assert.Equal(("arm64", "v8"), (arm.Metadata.Architecture, arm.Metadata.Variant));
        Assert.Equal("amd64", amd.Metadata.Architecture);
        Assert.NotNull(arm.Metadata.IndexDigest);
        Assert.NotEqual(arm.Metadata.ManifestDigest, amd.Metadata.ManifestDigest);
        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync($"oci-dir:{_dir}:multi", new ImageLoadOptions { Platform = "linux/s390x" }));
        Assert.Contains("no image for platform linux/s390x", e.Message);
        Assert.Contains("linux/arm64/v8", e.Message);
    }

    [Fact]
    public async Task Unknown_tag_names_the_known_ones()
    {
        SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()]);

        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync($"oci-dir:{_dir}:nope", new ImageLoadOptions()));

        Assert.Contains("tag 'nope' not found", e.Message);
        Assert.Contains("(tags: t)", e.Message);
    }
}
