using Tollgate.Images.FileTree;
using Tollgate.Images.Sources;

namespace Tollgate.Images.Content;

/// <summary>
/// Kept contents: in memory up to a budget, then appended to one temp spill file (deleted on dispose; the only
/// thing Tollgate ever writes while reading an image). Safe for parallel layer readers.
/// </summary>
public sealed class ContentStore : IContentStore
{
    private readonly object _lock = new();
    private readonly long _maxInMemory;
    private readonly IReadOnlyDictionary<string, ContentRequest> _requests;
    private List<Stored> _stored = [];
    private Dictionary<string, Stored> _visible = new(StringComparer.Ordinal);
    private long _inMemory;
    private FileStream? _spill;
    private string? _spillPath;

    public ContentStore(IEnumerable<ContentRequest> requests, long maxInMemoryBytes)
    {
        _maxInMemory = maxInMemoryBytes;
        _requests = requests.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First());
    }

    public IReadOnlyList<CollectedFile> Files
    {
        get
        {
            lock (_lock)
            {
                return _stored.Select(s => s.File).ToList();
            }
        }
    }

    /// <summary>Bytes held in memory right now (for tests of the spill path).</summary>
    public long InMemoryBytes => Interlocked.Read(ref _inMemory);

    /// <summary>Bytes written to the spill file so far.</summary>
    public long SpilledBytes
    {
        get
        {
            lock (_lock)
            {
                return _spill?.Length ?? 0;
            }
        }
    }

    /// <summary>The temp file holding spilled content, once there is one.</summary>
    public string? SpillPath => _spillPath;

    public IEnumerable<CollectedFile> For(string requestName)
    {
        var all = _requests.TryGetValue(requestName, out var request) && request.AllLayers;
        return Files.Where(f => f.RequestedBy.Contains(requestName) && (all || !f.Shadowed))
            .OrderBy(f => f.Shadowed).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Layer);
    }

    public CollectedFile? Find(string path)
    {
        lock (_lock)
        {
            return _visible.TryGetValue(path, out var s) ? s.File : null;
        }
    }

    public Stream Open(CollectedFile file)
    {
        Stored stored;
        lock (_lock)
        {
            stored = _stored.FirstOrDefault(s => ReferenceEquals(s.File, file))
                ?? throw new ArgumentException($"{file.Path} (layer {file.Layer}) is not in this store", nameof(file));
        }

        if (stored.Data is not null)
        {
            return new MemoryStream(stored.Data, writable: false);
        }

        var reader = new FileStream(_spillPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096);
        return new SubStream(reader, stored.SpillOffset, stored.Length);
    }

    /// <summary>Keeps a file's content (already read whole, bounded by the request's MaxBytes).</summary>
    public void Add(CollectedFile file, byte[] data)
    {
        if (Interlocked.Add(ref _inMemory, data.Length) <= _maxInMemory)
        {
            lock (_lock)
            {
                _stored.Add(new Stored(file, data, -1, data.Length));
            }

            return;
        }

        Interlocked.Add(ref _inMemory, -data.Length);
        lock (_lock)
        {
            _spill ??= CreateSpillFile();
            var offset = _spill.Length;
            _spill.Seek(offset, SeekOrigin.Begin);
            _spill.Write(data);
            _spill.Flush();
            _stored.Add(new Stored(file, null, offset, data.Length));
        }
    }

    /// <summary>
    /// After squashing: marks copies hidden in the squashed view as Shadowed, drops them where only squashed-scope
    /// requests wanted them, and orders files by layer and path.
    /// </summary>
    public void ApplySquash(FileIndex index)
    {
        lock (_lock)
        {
            var kept = new List<Stored>(_stored.Count);
            var visible = new Dictionary<string, Stored>(StringComparer.Ordinal);
            foreach (var s in _stored.OrderBy(s => s.File.Layer).ThenBy(s => s.File.Path, StringComparer.Ordinal))
            {
                var top = index.Find(s.File.Path);
                if (top is not null && top.Layer == s.File.Layer && top.Type == FileEntryType.File)
                {
                    kept.Add(s);
                    visible[s.File.Path] = s;
                    continue;
                }

                var allLayers = s.File.RequestedBy.Where(n => _requests.TryGetValue(n, out var r) && r.AllLayers).ToList();
                if (allLayers.Count == 0)
                {
                    if (s.Data is not null)
                    {
                        Interlocked.Add(ref _inMemory, -s.Data.Length);
                    }

                    continue;
                }

                kept.Add(s with { File = s.File with { Shadowed = true, RequestedBy = allLayers } });
            }

            _stored = kept;
            _visible = visible;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stored = [];
            _visible = [];
            _spill?.Dispose();
            _spill = null;
        }
    }

    private FileStream CreateSpillFile()
    {
        _spillPath = Path.Combine(Path.GetTempPath(), $"tollgate-content-{Environment.ProcessId}-{Guid.NewGuid():N}.spill");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(_spillPath, options);
    }

    // Length is what was kept: the file's size, or fewer bytes for header-only requests (KeepHeaderBytes).
    private sealed record Stored(CollectedFile File, byte[]? Data, long SpillOffset, long Length);
}
