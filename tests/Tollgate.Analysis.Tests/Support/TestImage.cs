using System.Formats.Tar;
using System.IO.Compression;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>One layer of a test image: a folder on disk or a tar(.gz), placed at <c>MountAt</c> inside the image.</summary>
public sealed record TestLayer(string Path, string MountAt = "/");

/// <summary>
/// Builds a <see cref="LoadedImage"/> in-process from real folders or tarballs, applying the steps' content requests
/// the way the layer pass does (path filter, sniff, header bytes, size bound, squashed view only unless AllLayers).
/// Used until the images branch's loader is merged, and afterwards for fixtures that are plain folders.
/// </summary>
public static class TestImage
{
    public static LoadedImage Load(params TestLayer[] layers) => Load(AnalysisPipeline.Steps.SelectMany(s => s.Requests).ToList(), null, layers);

    public static LoadedImage Load(IReadOnlyList<ContentRequest> requests, ImageMetadata? metadata, params TestLayer[] layers)
    {
        var read = layers.Select((l, i) => ReadLayer(l, i)).ToList();
        var index = new FileIndex(read.Select(r => r.Files).ToList());
        var store = new MemoryContentStore();
        foreach (var (files, contents) in read)
        {
            foreach (var entry in files.Entries.Where(e => e.Type == FileEntryType.File))
            {
                var shadowed = !ReferenceEquals(index.Find(entry.Path), entry);
                var bytes = contents[entry.Path];
                var wanted = requests.Where(r => (!shadowed || r.AllLayers) && r.WantsPath(entry)
                    && (r.Sniff is null || r.Sniff(bytes.AsSpan(0, Math.Min(r.SniffBytes, bytes.Length))))
                    && (r.KeepHeaderBytes is not null || bytes.Length <= r.MaxBytes)).ToList();
                if (wanted.Count == 0)
                {
                    continue;
                }

                var keep = wanted.All(r => r.KeepHeaderBytes is not null)
                    ? bytes[..Math.Min(bytes.Length, wanted.Max(r => r.KeepHeaderBytes!.Value))]
                    : bytes;
                store.Add(new CollectedFile
                {
                    Path = entry.Path,
                    Layer = entry.Layer,
                    Size = entry.Size,
                    RequestedBy = wanted.Select(r => r.Name).ToList(),
                    Shadowed = shadowed,
                }, keep);
            }
        }

        return new LoadedImage
        {
            Metadata = metadata ?? new ImageMetadata
            {
                Source = "dir:" + layers[0].Path,
                SourceKind = "dir",
                Layers = read.Select(r => new LayerDescriptor { Index = r.Files.Index, DiffId = r.Files.DiffId, EntryCount = r.Files.Entries.Count }).ToList(),
            },
            Files = index,
            Contents = store,
        };
    }

    private static (LayerFiles Files, Dictionary<string, byte[]> Contents) ReadLayer(TestLayer layer, int index)
    {
        var read = new List<FileEntry>();
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (Directory.Exists(layer.Path))
        {
            ReadFolder(layer, index, read, contents);
        }
        else
        {
            ReadTar(layer, index, read, contents);
        }

        // OCI whiteouts: ".wh.NAME" deletes NAME from lower layers, ".wh..wh..opq" hides a folder's lower content.
        var name = (FileEntry e) => PathUtil.FileName(e.Path);
        var entries = read.Where(e => !name(e).StartsWith(".wh.", StringComparison.Ordinal)).ToList();
        var whiteouts = read.Where(e => name(e).StartsWith(".wh.", StringComparison.Ordinal) && name(e) != ".wh..wh..opq")
            .Select(e => PathUtil.Join(PathUtil.Parent(e.Path), name(e)[4..])).ToList();
        var opaque = read.Where(e => name(e) == ".wh..wh..opq").Select(e => PathUtil.Parent(e.Path)).ToList();
        return (new LayerFiles { Index = index, DiffId = $"sha256:{index:x64}", Entries = entries, Whiteouts = whiteouts, OpaqueDirs = opaque }, contents);
    }

    private static void ReadFolder(TestLayer layer, int index, List<FileEntry> entries, Dictionary<string, byte[]> contents)
    {
        var root = Path.GetFullPath(layer.Path);
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var path = PathUtil.Normalize(layer.MountAt + "/" + Path.GetRelativePath(root, info.FullName).Replace('\\', '/'));
            var mode = (int)info.UnixFileMode & 0xFFF;
            if (info.LinkTarget is not null)
            {
                entries.Add(new FileEntry { Path = path, Type = FileEntryType.Symlink, Mode = 0x1FF, LinkTarget = info.LinkTarget, Layer = index });
            }
            else if (info is DirectoryInfo)
            {
                entries.Add(new FileEntry { Path = path, Type = FileEntryType.Dir, Mode = mode, Layer = index });
            }
            else
            {
                var bytes = File.ReadAllBytes(info.FullName);
                entries.Add(new FileEntry { Path = path, Type = FileEntryType.File, Mode = mode, Size = bytes.Length, Layer = index });
                contents[path] = bytes;
            }
        }
    }

    private static void ReadTar(TestLayer layer, int index, List<FileEntry> entries, Dictionary<string, byte[]> contents)
    {
        using var file = File.OpenRead(layer.Path);
        using Stream stream = layer.Path.EndsWith(".gz", StringComparison.Ordinal) || layer.Path.EndsWith(".tgz", StringComparison.Ordinal)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } tar)
        {
            var path = PathUtil.Normalize(layer.MountAt + "/" + tar.Name);
            var type = tar.EntryType switch
            {
                TarEntryType.Directory => FileEntryType.Dir,
                TarEntryType.SymbolicLink => FileEntryType.Symlink,
                TarEntryType.HardLink => FileEntryType.Hardlink,
                TarEntryType.CharacterDevice => FileEntryType.Char,
                TarEntryType.BlockDevice => FileEntryType.Block,
                TarEntryType.Fifo => FileEntryType.Fifo,
                _ => FileEntryType.File,
            };
            var xattrs = tar is PaxTarEntry pax
                ? pax.ExtendedAttributes.Where(kv => kv.Key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key["SCHILY.xattr.".Length..], kv => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kv.Value)))
                : null;
            var bytes = Array.Empty<byte>();
            if (type == FileEntryType.File)
            {
                using var ms = new MemoryStream();
                tar.DataStream?.CopyTo(ms);
                bytes = ms.ToArray();
                contents[path] = bytes;
            }

            entries.Add(new FileEntry
            {
                Path = path,
                Type = type,
                Mode = (int)tar.Mode & 0xFFF,
                Uid = tar.Uid,
                Gid = tar.Gid,
                Size = bytes.Length,
                LinkTarget = type == FileEntryType.Hardlink ? PathUtil.Normalize("/" + tar.LinkName) : type == FileEntryType.Symlink ? tar.LinkName : null,
                Layer = index,
                Xattrs = xattrs is { Count: > 0 } ? xattrs : null,
            });
        }
    }
}
