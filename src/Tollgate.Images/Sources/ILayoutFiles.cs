namespace Tollgate.Images.Sources;

/// <summary>Files of an image layout, whether a directory or the members of a tar archive (read in place).</summary>
public interface ILayoutFiles : IDisposable
{
    /// <summary>Length of a file ("blobs/sha256/…", "index.json"), or null when missing.</summary>
    long? Length(string relativePath);

    /// <summary>Opens a file for reading; callers check <see cref="Length"/> first.</summary>
    Stream Open(string relativePath);
}
