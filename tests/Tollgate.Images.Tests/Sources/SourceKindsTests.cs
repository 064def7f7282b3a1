using System.Formats.Tar;
using Tollgate.Images.FileTree;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Images.Tests.Sources;

/// <summary>The same image through oci-dir, oci-archive, docker-archive (skopeo) and dir: gives the same files.</summary>
public sealed class SourceKindsTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string> Listing(FileIndex files) =>
        files.SquashedSorted.Where(e => e.Path != "/")
            .Select(e => $"{e.Path} {e.Type} {e.OctalMode} {e.Uid}:{e.Gid} {(e.Type == FileEntryType.File ? e.Size : 0)} {e.LinkTarget}")
            .ToList();

    [Fact]
    public async Task Oci_archive_and_docker_archive_match_the_layout()
    {
        var layout = Path.Combine(_dir, "layout");
        var upper = new Tollgate.Images.Writing.LayerBuilder().Dir("./etc").Whiteout("./etc/motd").File("./etc/new", "n").ToArray();
        SyntheticImages.Layout(layout, [SyntheticImages.BaseLayer(), upper]);
        var ociArchive = Path.Combine(_dir, "oci.tar");
        TarFile.CreateFromDirectory(layout, ociArchive, includeBaseDirectory: false);
        var dockerArchive = Path.Combine(_dir, "docker.tar");
        await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", $"oci:{layout}:t", $"docker-archive:{dockerArchive}:example/img:1.0"]);

        using var fromLayout = await ImageLoader.LoadAsync($"oci-dir:{layout}:t", new ImageLoadOptions());
        using var fromOciArchive = await ImageLoader.LoadAsync($"oci-archive:{ociArchive}:t", new ImageLoadOptions());
        using var fromDockerArchive = await ImageLoader.LoadAsync($"docker-archive:{dockerArchive}", new ImageLoadOptions());
        using var detected = await ImageLoader.LoadAsync(dockerArchive, new ImageLoadOptions());

        Assert.Equal(Listing(fromLayout.Files), Listing(fromOciArchive.Files));
        Assert.Equal(Listing(fromLayout.Files), Listing(fromDockerArchive.Files));
        Assert.Equal("docker-archive", detected.Metadata.SourceKind);
        Assert.Equal(["docker.io/example/img:1.0"], fromDockerArchive.Metadata.Tags);
        Assert.Equal(fromLayout.Metadata.Layers.Select(l => l.DiffId), fromDockerArchive.Metadata.Layers.Select(l => l.DiffId));
        Assert.Equal(fromLayout.Metadata.ManifestDigest, fromOciArchive.Metadata.ManifestDigest);
    }

    [Fact]
    public async Task Dir_source_matches_the_layer_it_was_unpacked_from()
    {
        var layer = SyntheticImages.BaseLayer();
        var rootfs = Path.Combine(_dir, "rootfs");
        Directory.CreateDirectory(rootfs);
        // The test (not Tollgate) unpacks with the system tar, as umoci unpack would.
        var tarFile = Path.Combine(_dir, "layer.tar");
        await File.WriteAllBytesAsync(tarFile, layer);
        await ProcessRunner.RunAsync("tar", ["-xpf", tarFile, "-C", rootfs, "--same-owner"]);
        SyntheticImages.Layout(Path.Combine(_dir, "layout"), [layer]);

        using var fromDir = await ImageLoader.LoadAsync($"dir:{rootfs}", new ImageLoadOptions());
        using var fromLayout = await ImageLoader.LoadAsync($"oci-dir:{Path.Combine(_dir, "layout")}:t", new ImageLoadOptions());

        // A hardlink unpacks to a second name of the same file; compare everything else exactly.
        static List<string> WithoutHardlinks(FileIndex f) => Listing(f).Where(l => !l.StartsWith("/bin/tool", StringComparison.Ordinal)).ToList();
        Assert.Equal(WithoutHardlinks(fromLayout.Files), WithoutHardlinks(fromDir.Files));
        Assert.Equal("4755", fromDir.Files.Find("/bin/tool")!.OctalMode);
        Assert.Equal("dir", fromDir.Metadata.SourceKind);
        Assert.Single(fromDir.Metadata.Layers);
    }
}
