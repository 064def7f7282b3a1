using System.Formats.Tar;
using System.IO.Compression;
using Tollgate.Images.Layers;
using Tollgate.Images.Model;
using Tollgate.Images.Writing;

namespace Tollgate.TestSupport.Images;

/// <summary>
/// Makes samples/alpine-oci: a two-layer OCI layout cut from the Alpine 3.20.3 minirootfs in the shared corpora.
/// Layer 0 keeps every directory and symlink, etc/, the apk database, usr/share/apk, busybox and the musl loader;
/// layer 1 deletes /etc/motd with a whiteout and adds /etc/tollgate-sample, so the sample shows layering.
/// Regenerate: `TOLLGATE_WRITE_SAMPLE=1 dotnet test tests/Tollgate.Images.Tests --filter AlpineSample` (docs/images.md).
/// </summary>
public static class AlpineSample
{
    public const string Tag = "3.20.3";

    public static string RootfsTarball => TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz");

    public static string CommittedLayout => Path.Combine(TestPaths.RepoRoot, "samples", "alpine-oci");

    /// <summary>Files kept besides directories and symlinks (paths as in the tarball, without "./").</summary>
    public static bool Keep(TarEntry entry)
    {
        var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
        return entry.EntryType is TarEntryType.Directory or TarEntryType.SymbolicLink
            || name.StartsWith("etc/", StringComparison.Ordinal)
            || name.StartsWith("lib/apk/db/", StringComparison.Ordinal)
            || name.StartsWith("usr/share/apk/", StringComparison.Ordinal)
            || name is "bin/busybox" or "lib/ld-musl-x86_64.so.1";
    }

    public static void Write(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var writer = new OciLayoutWriter(directory);
        var baseLayer = new LayerBuilder();
        using (var gzip = new GZipStream(File.OpenRead(RootfsTarball), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                if (Keep(entry))
                {
                    baseLayer.Add(entry);
                }
            }
        }

        var overlay = new LayerBuilder()
            .Dir("./etc")
            .Whiteout("./etc/motd")
            .File("./etc/tollgate-sample", "Cut from alpine-minirootfs-3.20.3-x86_64 by tests/Tollgate.TestSupport/Images/AlpineSample.cs\n");
        var layers = new[] { writer.AddLayer(baseLayer.ToArray(), LayerCompression.Gzip), writer.AddLayer(overlay.ToArray(), LayerCompression.Gzip) };
        var manifest = writer.AddImage(new ImageSpec
        {
            Layers = layers,
            Config = new OciRuntimeConfig
            {
                Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                Cmd = ["/bin/sh"],
                Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "tollgate alpine sample" },
                WorkingDir = "/",
            },
            History =
            [
                new OciHistory { Created = "2024-09-06T00:00:00Z", CreatedBy = "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # subset" },
                new OciHistory { Created = "2024-09-06T00:00:00Z", CreatedBy = "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", EmptyLayer = true },
                new OciHistory { Created = "2024-09-06T00:00:00Z", CreatedBy = "RUN rm /etc/motd && echo … > /etc/tollgate-sample" },
                new OciHistory { Created = "2024-09-06T00:00:00Z", CreatedBy = "CMD [\"/bin/sh\"]", EmptyLayer = true },
            ],
        });
        writer.Tag(manifest, Tag);
        writer.Save();
    }
}
