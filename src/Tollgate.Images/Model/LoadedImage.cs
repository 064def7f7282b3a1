using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Images.Model;

/// <summary>An image after its one pass: metadata, the file index and the contents consumers asked for.</summary>
public sealed class LoadedImage : IDisposable
{
    public required ImageMetadata Metadata { get; init; }
    public required FileIndex Files { get; init; }
    public required IContentStore Contents { get; init; }

    /// <summary>Non-fatal problems met while reading (a file over a size bound, …), each naming the file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public void Dispose() => Contents.Dispose();
}
