using Tollgate.Images.FileTree;

namespace Tollgate.Cli.Output;

/// <summary>One row of `tollgate files -o json`; scripts depend on these names.</summary>
public sealed record FileRow(string Path, string Type, string Mode, int Uid, int Gid, long Size, string? LinkTarget, int Layer)
{
    public static FileRow From(FileEntry e) => new(e.Path, TypeName(e.Type), e.OctalMode, e.Uid, e.Gid, e.Size, e.LinkTarget, e.Layer);

    public static string TypeName(FileEntryType type) => type switch
    {
        FileEntryType.File => "file",
        FileEntryType.Dir => "dir",
        FileEntryType.Symlink => "symlink",
        FileEntryType.Hardlink => "hardlink",
        FileEntryType.Char => "char",
        FileEntryType.Block => "block",
        _ => "fifo",
    };
}
