namespace Tollgate.Images.Sources;

/// <summary>
/// One kind of image source: finds the manifest (selecting a platform from an index), the config and the layer blobs.
/// Digest checks of layer blobs happen in the layer pipeline, which streams them once.
/// </summary>
public interface IImageSource : IAsyncDisposable
{
    /// <summary>The source as the user wrote it, for error messages.</summary>
    string Name { get; }

    Task<ResolvedImage> ResolveAsync(CancellationToken cancellationToken);

    /// <summary>Opens layer <paramref name="index"/> of the resolved image as stored (compressed or not).</summary>
    Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken);
}
