using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Tollgate.Images;
using Tollgate.Images.Content;
using Tollgate.Images.Model;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>
/// An image whose layers a test writes file by file (deletions are real whiteouts), saved as an OCI layout and read
/// back through the real <see cref="ImageLoader"/>, so content requests, all-layer contents and the squashed view
/// behave as for any image.
/// </summary>
public sealed class SyntheticImage
{
    private readonly List<Func<byte[]>> _layers = [];
    private LayerBuilder? _current;

    public OciRuntimeConfig Config { get; set; } = new();

    /// <summary>History entries as the config lists them; empty means one generated entry per layer.</summary>
    public List<OciHistory> History { get; } = [];

    /// <summary>Starts a new layer; files and deletions go into the newest layer.</summary>
    public SyntheticImage Layer()
    {
        var builder = new LayerBuilder();
        _current = builder;
        _layers.Add(builder.ToArray);
        return this;
    }

    public SyntheticImage File(string path, string text) => File(path, Encoding.UTF8.GetBytes(text));

    public SyntheticImage File(string path, byte[] content)
    {
        Current.File("." + path, content);
        return this;
    }

    /// <summary>A whiteout: the path is gone from the squashed view from this layer on.</summary>
    public SyntheticImage Delete(string path)
    {
        Current.Whiteout("." + path);
        return this;
    }

    /// <summary>Adds a layer holding a real root filesystem tarball (e.g. the Alpine minirootfs), as it is.</summary>
    public SyntheticImage LayerFromTarGz(string path) => LayerFrom(path);

    /// <summary>
    /// Adds a layer from a fixture: a tar or tar.gz as it is (at the root), or a folder whose files, folders and
    /// symlinks are placed under <paramref name="mountAt"/> with their modes.
    /// </summary>
    public SyntheticImage LayerFrom(string path, string mountAt = "/")
    {
        _current = null;
        _layers.Add(() => Directory.Exists(path) ? FolderTar(path, mountAt) : ExistingTar(path, mountAt));
        return this;
    }

    private static byte[] ExistingTar(string path, string mountAt)
    {
        if (mountAt != "/")
        {
            throw new ArgumentException($"{path}: a tarball layer is placed at the root, not at {mountAt}");
        }

        using var file = System.IO.File.OpenRead(path);
        using var tar = new MemoryStream();
        if (path.EndsWith(".gz", StringComparison.Ordinal) || path.EndsWith(".tgz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            gz.CopyTo(tar);
        }
        else
        {
            file.CopyTo(tar);
        }

        return tar.ToArray();
    }

    private static byte[] FolderTar(string folder, string mountAt)
    {
        // PAX: fixture paths can be longer than ustar's 100/155-byte name fields.
        var layer = new LayerBuilder(TarEntryFormat.Pax);
        var root = Path.GetFullPath(folder);
        var prefix = "." + mountAt.TrimEnd('/') + "/";
        var all = new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        foreach (var info in all.OrderBy(i => i.FullName, StringComparer.Ordinal))
        {
            var name = prefix + Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
            var mode = (int)info.UnixFileMode & 0xFFF;
            if (info.LinkTarget is not null)
            {
                layer.Symlink(name, info.LinkTarget);
            }
            else if (info is DirectoryInfo)
            {
                layer.Dir(name, mode);
            }
            else
            {
                layer.File(name, System.IO.File.ReadAllBytes(info.FullName), mode);
            }
        }

        return layer.ToArray();
    }

    /// <summary>Writes the layout to a fresh temp folder and loads it with the given content requests.</summary>
    public Task<LoadedImage> LoadAsync(IEnumerable<ContentRequest> requests)
    {
        var dir = TestPaths.NewTempDir();
        var writer = new OciLayoutWriter(dir);
        var layers = _layers.Select(l => writer.AddLayer(l())).ToList();
        var manifest = writer.AddImage(new ImageSpec { Layers = layers, Config = Config, History = History.Count > 0 ? History : null });
        writer.Tag(manifest, "t");
        writer.Save();
        return ImageLoader.LoadAsync($"oci-dir:{dir}:t", new ImageLoadOptions { ContentRequests = requests.ToList() });
    }

    private LayerBuilder Current => _current ?? throw new InvalidOperationException("call Layer() first");
}
