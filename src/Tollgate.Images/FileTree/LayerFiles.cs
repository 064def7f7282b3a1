namespace Tollgate.Images.FileTree;

/// <summary>
/// What one layer's tar stream said: its entries in stream order, and the whiteouts it carries
/// (paths it deletes, and directories it makes opaque). Whiteout marker files are not entries.
/// </summary>
public sealed record LayerFiles
{
    public required int Index { get; init; }

    /// <summary>Uncompressed tar digest (the config's diff-id), "sha256:…".</summary>
    public required string DiffId { get; init; }

    public required IReadOnlyList<FileEntry> Entries { get; init; }

    /// <summary>Absolute paths removed by `.wh.NAME` markers.</summary>
    public IReadOnlyList<string> Whiteouts { get; init; } = [];

    /// <summary>Absolute directory paths whose lower-layer content is hidden (`.wh..wh..opq`).</summary>
    public IReadOnlyList<string> OpaqueDirs { get; init; } = [];
}
