namespace Tollgate.Images.FileTree;

/// <summary>
/// Every layer's entries plus the squashed view (what a container sees): layers applied in order,
/// whiteouts and opaque directories honoured. Built from metadata only; contents live in an <see cref="Content.IContentStore"/>.
/// </summary>
public sealed class FileIndex
{
    private readonly Dictionary<string, FileEntry> _squashed;

    public FileIndex(IReadOnlyList<LayerFiles> layers)
    {
        Layers = layers;
        _squashed = new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            Apply(layer);
        }
    }

    public IReadOnlyList<LayerFiles> Layers { get; }

    /// <summary>The squashed view, keyed by absolute path.</summary>
    public IReadOnlyDictionary<string, FileEntry> Squashed => _squashed;

    /// <summary>Squashed entries sorted by path (ordinal), for stable output.</summary>
    public IEnumerable<FileEntry> SquashedSorted => _squashed.Values.OrderBy(e => e.Path, StringComparer.Ordinal);

    /// <summary>Every entry of every layer, including ones later deleted or overwritten.</summary>
    public IEnumerable<FileEntry> AllLayers => Layers.SelectMany(l => l.Entries);

    public FileEntry? Find(string path) => _squashed.GetValueOrDefault(path);

    /// <summary>
    /// Follows symlinks (and hardlinks) inside the image, never outside it: absolute targets are taken
    /// relative to the image root, ".." stops at "/". Returns null for a dangling link or a loop.
    /// </summary>
    public FileEntry? Resolve(string path, int maxHops = 40)
    {
        var current = PathUtil.Normalize(path);
        for (var hop = 0; hop < maxHops; hop++)
        {
            current = ResolveParents(current, maxHops);
            if (current is null)
            {
                return null;
            }

            var entry = Find(current);
            if (entry is null)
            {
                return null;
            }

            if (entry.Type == FileEntryType.Hardlink && entry.LinkTarget is not null)
            {
                current = PathUtil.Normalize(entry.LinkTarget);
                continue;
            }

            if (entry.Type != FileEntryType.Symlink || entry.LinkTarget is null)
            {
                return entry;
            }

            current = PathUtil.ResolveLink(current, entry.LinkTarget);
        }

        return null;
    }

    // Resolve symlinked directories among the parents of a path, so "/lib/x" works when /lib -> usr/lib.
    private string? ResolveParents(string path, int maxHops)
    {
        var parent = PathUtil.Parent(path);
        if (parent == "/" || parent.Length == 0)
        {
            return path;
        }

        var entry = Find(parent);
        if (entry is null || entry.Type != FileEntryType.Symlink)
        {
            var resolvedParent = parent == path ? null : ResolveParents(parent, maxHops);
            if (resolvedParent is null)
            {
                return null;
            }

            return resolvedParent == parent ? path : PathUtil.Join(resolvedParent, PathUtil.FileName(path));
        }

        var resolved = Resolve(parent, maxHops - 1);
        return resolved is null ? null : PathUtil.Join(resolved.Path, PathUtil.FileName(path));
    }

    private void Apply(LayerFiles layer)
    {
        foreach (var dir in layer.OpaqueDirs)
        {
            RemoveChildren(dir);
        }

        foreach (var removed in layer.Whiteouts)
        {
            _squashed.Remove(removed);
            RemoveChildren(removed);
        }

        foreach (var entry in layer.Entries)
        {
            if (_squashed.TryGetValue(entry.Path, out var existing) && existing.Type == FileEntryType.Dir
                && entry.Type != FileEntryType.Dir)
            {
                RemoveChildren(entry.Path);
            }

            _squashed[entry.Path] = entry;
        }
    }

    private void RemoveChildren(string dir)
    {
        var prefix = dir == "/" ? "/" : dir + "/";
        var doomed = _squashed.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k != "/").ToList();
        foreach (var key in doomed)
        {
            _squashed.Remove(key);
        }
    }
}
