namespace Tollgate.Images.Content;

/// <summary>A kept file: where it was, which requests wanted it, and how to read it.</summary>
public sealed record CollectedFile
{
    public required string Path { get; init; }
    public required int Layer { get; init; }
    public required long Size { get; init; }

    /// <summary>Names of the <see cref="ContentRequest"/>s that matched.</summary>
    public required IReadOnlyList<string> RequestedBy { get; init; }

    /// <summary>True when the file is hidden in the squashed view (deleted or overwritten by a later layer).</summary>
    public bool Shadowed { get; init; }
}

/// <summary>
/// Contents kept during the layer pass. Small files are held in memory, large ones spill to a temp file
/// that is deleted when the store is disposed; memory grows with the number of interesting files only.
/// </summary>
public interface IContentStore : IDisposable
{
    IReadOnlyList<CollectedFile> Files { get; }

    /// <summary>Files kept for one request, squashed-visible first.</summary>
    IEnumerable<CollectedFile> For(string requestName);

    /// <summary>Opens the kept content of a file (a fresh read-only stream each call).</summary>
    Stream Open(CollectedFile file);

    /// <summary>The squashed-visible copy of a path, if its content was kept.</summary>
    CollectedFile? Find(string path);
}
