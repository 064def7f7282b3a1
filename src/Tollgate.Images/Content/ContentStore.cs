using Tollgate.Images.FileTree;
using Tollgate.Images.Sources;

namespace Tollgate.Images.Content;

/// <summary>
/// Kept contents: in memory up to a budget, then appended to one temp spill file (deleted on dispose; the only
/// thing Tollgate ever writes while reading an image). Safe for parallel layer readers.
/// </summary>
public sealed class ContentStore : IContentStore
{
    /// <summary>
    /// Kept content larger than this (a jar, a Go or Rust binary) is copied from the layer stream straight into the spill
    /// file in small chunks, never held whole in memory: peak memory does not grow with the largest kept file.
    /// </summary>
    public const int StreamedAboveBytes = 1024 * 1024;

    private const int CopyChunkBytes = 81920;

    private readonly object _lock = new();
    private readonly long _maxInMemory;
    private readonly IReadOnlyDictionary<string, ContentRequest> _requests;
    private List<Stored> _stored = [];
    private Dictionary<string, Stored> _visible = new(StringComparer.Ordinal);
    private Dictionary<CollectedFile, Stored> _byFile = new(ReferenceEqualityComparer.Instance);
    private long _inMemory;
    private long _spillLength;
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
            return Interlocked.Read(ref _spillLength);
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
            stored = _byFile.GetValueOrDefault(file)
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
            Keep(new Stored(file, data, -1, data.Length));
            return;
        }

        Interlocked.Add(ref _inMemory, -data.Length);
        var (handle, offset) = Reserve(data.Length);
        RandomAccess.Write(handle, data, offset);
        Keep(new Stored(file, null, offset, data.Length));
    }

    /// <summary>
    /// Keeps <paramref name="length"/> bytes: <paramref name="head"/> (already read) and the rest from
    /// <paramref name="rest"/>, copied chunk by chunk into the spill file. Parallel layer readers write their own
    /// reserved ranges, so one big file does not hold up the others.
    /// </summary>
    public void AddStreamed(CollectedFile file, ReadOnlySpan<byte> head, Stream rest, long length)
    {
        var (handle, offset) = Reserve(length);
        RandomAccess.Write(handle, head, offset);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyChunkBytes);
        try
        {
            for (var written = (long)head.Length; written < length;)
            {
                var chunk = (int)Math.Min(buffer.Length, length - written);
                rest.ReadExactly(buffer, 0, chunk);
                RandomAccess.Write(handle, buffer.AsSpan(0, chunk), offset + written);
                written += chunk;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        Keep(new Stored(file, null, offset, length));
    }

    private void Keep(Stored stored)
    {
        lock (_lock)
        {
            _stored.Add(stored);
            _byFile[stored.File] = stored;
        }
    }

    // A range of the spill file for one file's bytes; writing into it needs no lock.
    private (Microsoft.Win32.SafeHandles.SafeFileHandle Handle, long Offset) Reserve(long length)
    {
        lock (_lock)
        {
            _spill ??= CreateSpillFile();
            var offset = _spillLength;
            Interlocked.Add(ref _spillLength, length);
            return (_spill.SafeFileHandle, offset);
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
            _byFile = kept.ToDictionary<Stored, CollectedFile>(s => s.File, ReferenceEqualityComparer.Instance);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stored = [];
            _visible = [];
            _byFile = new(ReferenceEqualityComparer.Instance);
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
            BufferSize = 0, // written only through RandomAccess at reserved offsets
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
