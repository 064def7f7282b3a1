using Tollgate.Images.Layers;
using Tollgate.Images.Model;
using Tollgate.Images.Writing;

namespace Tollgate.TestSupport.Images;

/// <summary>Small synthetic OCI layouts for tests, written in-process by <see cref="OciLayoutWriter"/>.</summary>
public static class SyntheticImages
{
    /// <summary>One image of the given layers, tagged "t"; returns "oci-dir:DIR:t" and the writer for tampering.</summary>
    public static (string Source, OciLayoutWriter Writer, OciDescriptor Manifest) Layout(
        string directory, IEnumerable<byte[]> layerTars, LayerCompression compression = LayerCompression.Gzip, string arch = "amd64")
    {
        var writer = new OciLayoutWriter(directory);
        var layers = layerTars.Select(t => writer.AddLayer(t, compression)).ToList();
        var manifest = writer.AddImage(new ImageSpec { Layers = layers, Architecture = arch });
        writer.Tag(manifest, "t");
        writer.Save();
        return ($"oci-dir:{directory}:t", writer, manifest);
    }

    /// <summary>A two-platform index (linux/amd64 and linux/arm64/v8), each with a marker file naming its arch.</summary>
    public static string MultiArch(string directory)
    {
        var writer = new OciLayoutWriter(directory);
        var manifests = new List<OciDescriptor>();
        foreach (var (arch, variant) in new[] { ("amd64", (string?)null), ("arm64", "v8") })
        {
            var tar = new LayerBuilder().Dir("./etc").File("./etc/arch", arch + "\n").ToArray();
            manifests.Add(writer.AddImage(new ImageSpec { Layers = [writer.AddLayer(tar)], Architecture = arch, Variant = variant }));
        }

        writer.Tag(writer.AddIndex(manifests), "multi");
        writer.Save();
        return directory;
    }

    /// <summary>A small but realistic base layer: dirs, files with owners and modes, links, a device, a setuid file.</summary>
    public static byte[] BaseLayer() => new LayerBuilder()
        .Dir("./")
        .Dir("./etc")
        .File("./etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
        .File("./etc/shadow", "root:*:19000::::::\n", mode: 0x1A0, gid: 42)
        .File("./etc/motd", "welcome\n")
        .Dir("./bin")
        .File("./bin/tool", new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }, mode: 0x9ED)
        .Symlink("./bin/sh", "/bin/tool")
        .Hardlink("./bin/tool2", "./bin/tool")
        .Dir("./dev")
        .Device("./dev/null", block: false, 1, 3)
        .Fifo("./dev/pipe")
        .Dir("./opt")
        .File("./opt/a", "a")
        .Dir("./tmp", mode: 0x3FF)
        .ToArray();
}
