namespace Tollgate.Images.FileTree;

/// <summary>The kind of a tar entry, named as the `files` JSON output names it.</summary>
public enum FileEntryType
{
    File,
    Dir,
    Symlink,
    Hardlink,
    Char,
    Block,
    Fifo,
}

/// <summary>
/// Metadata of one entry of one layer (or of the root filesystem for dir: sources).
/// Paths are absolute and normalised ("/etc/passwd"); the root itself is "/".
/// </summary>
public sealed record FileEntry
{
    public required string Path { get; init; }
    public required FileEntryType Type { get; init; }

    /// <summary>Permission and special bits only (07777), e.g. 0x9ED == 04755.</summary>
    public int Mode { get; init; }

    public int Uid { get; init; }
    public int Gid { get; init; }
    public long Size { get; init; }

    /// <summary>Symlink target as stored, or the absolute path a hardlink points at.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>0-based index of the layer the entry comes from.</summary>
    public int Layer { get; init; }

    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Extended attributes from PAX headers (SCHILY.xattr.*), e.g. security.capability, base64 values.</summary>
    public IReadOnlyDictionary<string, string>? Xattrs { get; init; }

    /// <summary>Hex sha256 of the content, when the load was asked to compute file digests.</summary>
    public string? Sha256 { get; init; }

    public bool IsSetuid => (Mode & 0x800) != 0;
    public bool IsSetgid => (Mode & 0x400) != 0;
    public bool IsWorldWritable => (Mode & 0x2) != 0;

    /// <summary>Mode as four octal digits, e.g. "0755" or "4755".</summary>
    public string OctalMode => Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');
}
