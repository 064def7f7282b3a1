using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>
/// Builds a <see cref="LoadedImage"/> from layers written in the test (or read from a real rootfs tarball), applying
/// content requests the way the layer pass does: path filter, sniff, size bounds, squashed-only or all layers.
/// </summary>
public sealed class SyntheticImage
{
    private readonly List<LayerDraft> _layers = [];

    public ImageConfig Config { get; set; } = new();
    public List<HistoryEntry> History { get; } = [];

    /// <summary>Starts a new layer; files and deletions go into the newest layer.</summary>
    public SyntheticImage Layer()
    {
        _layers.Add(new LayerDraft());
        return this;
    }

    public SyntheticImage File(string path, string text) => File(path, Encoding.UTF8.GetBytes(text));

    public SyntheticImage File(string path, byte[] content)
    {
        Current.Files.Add((new FileEntry { Path = PathUtil.Normalize(path), Type = FileEntryType.File, Size = content.Length, Mode = 0x1A4, Layer = _layers.Count - 1 }, content));
        return this;
    }

    /// <summary>A whiteout: the path is gone from the squashed view from this layer on.</summary>
    public SyntheticImage Delete(string path)
    {
        Current.Whiteouts.Add(PathUtil.Normalize(path));
        return this;
    }

    /// <summary>Adds a layer with the regular files of a .tar.gz root filesystem (e.g. the Alpine minirootfs).</summary>
    public SyntheticImage LayerFromTarGz(string path)
    {
        Layer();
        using var gz = new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new TarReader(gz);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var ms = new MemoryStream();
                data.CopyTo(ms);
                File(entry.Name, ms.ToArray());
            }
        }

        return this;
    }

    public LoadedImage Build(IEnumerable<ContentRequest> requests)
    {
        var layers = _layers.Select((l, i) => new LayerFiles
        {
            Index = i,
            DiffId = "sha256:" + i.ToString("x64"),
            Entries = l.Files.Select(f => f.Entry).ToList(),
            Whiteouts = l.Whiteouts,
        }).ToList();
        var index = new FileIndex(layers);
        var requestList = requests.ToList();
        var kept = new List<(CollectedFile File, byte[] Content)>();
        var warnings = new List<string>();
        foreach (var (entry, content) in _layers.SelectMany(l => l.Files))
        {
            var shadowed = !ReferenceEquals(index.Find(entry.Path), entry);
            var wanted = new List<string>();
            var keepBytes = 0L;
            foreach (var request in requestList)
            {
                if ((shadowed && !request.AllLayers) || !request.WantsPath(entry)
                    || (request.Sniff is not null && !request.Sniff(content.AsSpan(0, Math.Min(request.SniffBytes, content.Length)))))
                {
                    continue;
                }

                if (request.KeepHeaderBytes is null && content.Length > request.MaxBytes)
                {
                    warnings.Add($"{entry.Path}: {content.Length} bytes is over the {request.Name} bound of {request.MaxBytes}");
                    continue;
                }

                wanted.Add(request.Name);
                keepBytes = Math.Max(keepBytes, request.KeepHeaderBytes is { } h ? Math.Min(h, content.Length) : content.Length);
            }

            if (wanted.Count > 0)
            {
                kept.Add((new CollectedFile { Path = entry.Path, Layer = entry.Layer, Size = entry.Size, RequestedBy = wanted, Shadowed = shadowed }, content[..(int)keepBytes]));
            }
        }

        var metadata = new ImageMetadata
        {
            Source = "synthetic",
            SourceKind = "dir",
            Architecture = "amd64",
            Config = Config,
            History = History,
            Layers = layers.Select(l => new LayerDescriptor { Index = l.Index, DiffId = l.DiffId }).ToList(),
        };
        return new LoadedImage { Metadata = metadata, Files = index, Contents = Store(kept), Warnings = warnings };
    }

    private static MemoryContentStore Store(List<(CollectedFile File, byte[] Content)> kept)
    {
        var store = new MemoryContentStore();
        foreach (var (file, content) in kept)
        {
            store.Add(file, content);
        }

        return store;
    }

    private LayerDraft Current => _layers.Count > 0 ? _layers[^1] : throw new InvalidOperationException("call Layer() first");

    private sealed class LayerDraft
    {
        public List<(FileEntry Entry, byte[] Content)> Files { get; } = [];
        public List<string> Whiteouts { get; } = [];
    }
}
