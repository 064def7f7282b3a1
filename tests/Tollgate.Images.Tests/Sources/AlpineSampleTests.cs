using Tollgate.Images.FileTree;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Images.Tests.Sources;

/// <summary>The committed samples/alpine-oci is what <see cref="AlpineSample"/> makes from the shared Alpine rootfs.</summary>
public sealed class AlpineSampleTests
{
    [Fact]
    public async Task Committed_sample_equals_a_fresh_build_from_the_corpus()
    {
        if (Environment.GetEnvironmentVariable("TOLLGATE_WRITE_SAMPLE") == "1")
        {
            AlpineSample.Write(AlpineSample.CommittedLayout);
        }

        var fresh = Path.Combine(TestPaths.NewTempDir(), "alpine-oci");
        AlpineSample.Write(fresh);
        using var committed = await ImageLoader.LoadAsync($"oci-dir:{AlpineSample.CommittedLayout}:{AlpineSample.Tag}", new ImageLoadOptions());
        using var rebuilt = await ImageLoader.LoadAsync($"oci-dir:{fresh}:{AlpineSample.Tag}", new ImageLoadOptions());
        Directory.Delete(Path.GetDirectoryName(fresh)!, recursive: true);

        Assert.Equal(rebuilt.Metadata.Layers.Select(l => l.DiffId), committed.Metadata.Layers.Select(l => l.DiffId));
        Assert.Equal(rebuilt.Metadata.ConfigDigest, committed.Metadata.ConfigDigest);
    }

    [Fact]
    public async Task Sample_shows_layering_history_and_the_alpine_files()
    {
        using var image = await ImageLoader.LoadAsync($"oci-dir:{AlpineSample.CommittedLayout}:{AlpineSample.Tag}", new ImageLoadOptions());

        var files = image.Files;
        Assert.Equal(2, files.Layers.Count);
        Assert.Null(files.Find("/etc/motd"));
        Assert.Contains(files.Layers[0].Entries, e => e.Path == "/etc/motd");
        Assert.Equal(["/etc/motd"], files.Layers[1].Whiteouts);
        Assert.Equal(1, files.Find("/etc/tollgate-sample")!.Layer);
        Assert.Equal("/bin/busybox", files.Resolve("/bin/sh")!.Path);
        Assert.Equal("/lib/ld-musl-x86_64.so.1", files.Resolve("/lib/libc.musl-x86_64.so.1")!.Path);
        Assert.Equal(FileEntryType.File, files.Find("/lib/apk/db/installed")!.Type);
        Assert.Equal("1777", files.Find("/tmp")!.OctalMode);
        Assert.Equal("0640", files.Find("/etc/shadow")!.OctalMode);
        Assert.Equal(4, image.Metadata.History.Count);
        Assert.Equal([0, null, 1, null], image.Metadata.History.Select(h => h.LayerIndex));
        Assert.Equal(["/bin/sh"], image.Metadata.Config.Cmd);
        Assert.Equal(["3.20.3"], image.Metadata.Tags);
        var size = Directory.EnumerateFiles(AlpineSample.CommittedLayout, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(size, 100_000, 1_600_000);
    }
}
