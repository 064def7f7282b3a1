using System.Formats.Tar;
using Tollgate.Images.Layers;
using Tollgate.Images.Model;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Images.Tests.Layers;

/// <summary>Every kind of bad input stops with an ImageException naming the source and the problem.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<ImageException> Fails(string source, ImageLoadOptions? options = null)
    {
        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync(source, options ?? new ImageLoadOptions()));
        Assert.StartsWith(source + ": ", e.Message);
        return e;
    }

    [Fact]
    public async Task Dot_dot_names_are_refused()
    {
        var (source, _, _) = SyntheticImages.Layout(_dir, [new LayerBuilder().File("./etc/../../evil", "x").ToArray()]);

        var e = await Fails(source);

        Assert.Contains("layer 0", e.Message);
        Assert.Contains("'./etc/../../evil' climbs out of the image", e.Message);
    }

    [Fact]
    public async Task Absolute_names_are_refused()
    {
        var (source, _, _) = SyntheticImages.Layout(_dir, [new LayerBuilder().File("/etc/evil", "x").ToArray()]);

        var e = await Fails(source);

        Assert.Contains("'/etc/evil' has an absolute path", e.Message);
    }

    [Fact]
    public async Task Symlinks_out_of_the_image_are_recorded_never_followed()
    {
        var layer = new LayerBuilder().Dir("./etc").File("./etc/shadow", "image-shadow")
            .Symlink("./etc/escape", "../../../../../etc/shadow").Symlink("./abs", "/etc/hostname").ToArray();
        var (source, _, _) = SyntheticImages.Layout(_dir, [layer]);
        var before = Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().ToList();

        using var image = await ImageLoader.LoadAsync(source, new ImageLoadOptions());

        Assert.Equal("../../../../../etc/shadow", image.Files.Find("/etc/escape")!.LinkTarget);
        Assert.Equal("/etc/shadow", image.Files.Resolve("/etc/escape")!.Path);
        Assert.Null(image.Files.Resolve("/abs"));
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public async Task Truncated_gzip_is_an_error()
    {
        var writer = new OciLayoutWriter(_dir);
        var tar = SyntheticImages.BaseLayer();
        var gzip = OciLayoutWriter.Gzip(tar);
        var truncated = writer.WriteBlob(gzip[..(gzip.Length / 2)], MediaTypes.OciLayerGzip);
        writer.Tag(writer.AddImage(new ImageSpec { Layers = [new WrittenLayer(truncated, Digests.Sha256(tar))] }), "t");
        writer.Save();

        var e = await Fails($"oci-dir:{_dir}:t");

        Assert.Contains("layer 0", e.Message);
        Assert.True(e.Message.Contains("truncated"), e.Message);
    }

    [Fact]
    public async Task Truncated_tar_is_an_error()
    {
        var tar = new LayerBuilder().File("./big", new byte[100_000]).ToArray();
        var writer = new OciLayoutWriter(_dir);
        var cut = tar[..60_000];
        writer.Tag(writer.AddImage(new ImageSpec { Layers = [writer.AddLayer(cut, LayerCompression.None)] }), "t");
        writer.Save();

        var e = await Fails($"oci-dir:{_dir}:t");

        Assert.Contains("layer 0", e.Message);
        Assert.True(e.Message.Contains("truncated"), e.Message);
    }

    [Fact]
    public async Task A_blob_that_does_not_match_its_digest_is_an_error()
    {
        var (source, writer, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()]);
        var manifest = ReadManifest(writer);
        var blob = writer.BlobPath(manifest.Layers![0].Digest);
        var bytes = File.ReadAllBytes(blob);
        bytes[^20] ^= 0xff;
        File.WriteAllBytes(blob, bytes);

        var e = await Fails(source);

        Assert.Contains($"layer 0 ({manifest.Layers[0].Digest})", e.Message);
        Assert.True(e.Message.Contains("digest mismatch") || e.Message.Contains("corrupt"), e.Message);
    }

    [Fact]
    public async Task A_diff_id_mismatch_is_an_error()
    {
        var writer = new OciLayoutWriter(_dir);
        var layer = writer.AddLayer(SyntheticImages.BaseLayer());
        var wrong = Digests.Sha256("other"u8);
        writer.Tag(writer.AddImage(new ImageSpec { Layers = [layer with { DiffId = wrong }] }), "t");
        writer.Save();

        var e = await Fails($"oci-dir:{_dir}:t");

        Assert.Contains("digest mismatch", e.Message);
        Assert.Contains($"expected {wrong}", e.Message);
    }

    [Fact]
    public async Task A_decompression_bomb_stops_at_the_limit()
    {
        var tar = new LayerBuilder().File("./zeros", new byte[16 * 1024 * 1024]).ToArray();
        var (source, writer, _) = SyntheticImages.Layout(_dir, [tar]);
        Assert.True(new FileInfo(writer.BlobPath(ReadManifest(writer).Layers![0].Digest)).Length < 100_000);

        var e = await Fails(source, new ImageLoadOptions { Limits = new ReadLimits { MaxLayerBytes = 1024 * 1024 } });

        Assert.Contains("exceeds the limit of 1048576 bytes", e.Message);
    }

    [Fact]
    public async Task The_image_wide_byte_limit_applies_across_layers()
    {
        var tar = new LayerBuilder().File("./blob", new byte[600_000]).ToArray();
        var (source, _, _) = SyntheticImages.Layout(_dir, [tar, tar]);

        var e = await Fails(source, new ImageLoadOptions { Limits = new ReadLimits { MaxImageBytes = 1_000_000 } });

        Assert.Contains("image exceeds the limit of 1000000 uncompressed bytes", e.Message);
    }

    [Fact]
    public async Task A_100000_file_layer_is_read_and_an_entry_limit_stops_floods()
    {
        var builder = new LayerBuilder(TarEntryFormat.Ustar).Dir("./d");
        for (var i = 0; i < 100_000; i++)
        {
            builder.File($"./d/f{i}", []);
        }

        var (source, _, _) = SyntheticImages.Layout(_dir, [builder.ToArray()]);

        using (var image = await ImageLoader.LoadAsync(source, new ImageLoadOptions()))
        {
            Assert.Equal(100_001, image.Files.Squashed.Count);
        }

        var e = await Fails(source, new ImageLoadOptions { Limits = new ReadLimits { MaxEntriesPerLayer = 50_000 } });
        Assert.Contains("more than 50000 entries", e.Message);
    }

    [Fact]
    public async Task A_missing_blob_is_named()
    {
        var (source, writer, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()]);
        var digest = ReadManifest(writer).Layers![0].Digest;
        File.Delete(writer.BlobPath(digest));

        var e = await Fails(source);

        Assert.Contains($"layer 0 blob {digest} is missing", e.Message);
    }

    [Fact]
    public async Task Malformed_index_json_is_named()
    {
        var (source, _, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()]);
        File.WriteAllText(Path.Combine(_dir, "index.json"), "{\"manifests\": [ {\"digest\": ");

        var e = await Fails(source);

        Assert.Contains("index.json is malformed JSON", e.Message);
    }

    [Fact]
    public async Task Malformed_config_json_is_named()
    {
        var writer = new OciLayoutWriter(_dir);
        var layer = writer.AddLayer(SyntheticImages.BaseLayer());
        var config = writer.WriteBlob("{\"rootfs\": {\"diff_ids\": [1, 2"u8.ToArray(), MediaTypes.OciConfig);
        var manifest = new OciManifestDocument { SchemaVersion = 2, MediaType = MediaTypes.OciManifest, Config = config, Layers = [layer.Blob] };
        writer.Tag(writer.WriteBlob(OciJson.Serialize(manifest, OciJsonContext.Default.OciManifestDocument), MediaTypes.OciManifest), "t");
        writer.Save();

        var e = await Fails($"oci-dir:{_dir}:t");

        Assert.Contains($"config {config.Digest} is malformed JSON", e.Message);
    }

    private static OciManifestDocument ReadManifest(OciLayoutWriter writer)
    {
        var index = OciJson.Parse(File.ReadAllBytes(Path.Combine(writer.Directory, "index.json")), OciJsonContext.Default.OciManifestDocument, "t", "index");
        return OciJson.Parse(File.ReadAllBytes(writer.BlobPath(index.Manifests![0].Digest)), OciJsonContext.Default.OciManifestDocument, "t", "manifest");
    }
}
