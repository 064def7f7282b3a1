namespace Tollgate.Images.Sources;

/// <summary>Layout files in a directory. Relative paths come from validated digests or checked archive names only.</summary>
public sealed class DirectoryFiles(string root) : ILayoutFiles
{
    public long? Length(string relativePath)
    {
        var info = new FileInfo(Path.Combine(root, relativePath));
        return info.Exists ? info.Length : null;
    }

    public Stream Open(string relativePath) =>
        new FileStream(Path.Combine(root, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);

    public void Dispose()
    {
        // Nothing held open: each Open hands out its own stream.
    }
}
