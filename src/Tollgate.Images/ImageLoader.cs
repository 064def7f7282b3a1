using Tollgate.Images.Model;

namespace Tollgate.Images;

/// <summary>The one entry point from a source reference to a <see cref="LoadedImage"/>.</summary>
public static class ImageLoader
{
    /// <summary>
    /// Opens <paramref name="source"/> (oci-dir:, oci-archive:, docker-archive:, dir:, registry: or a bare registry
    /// reference; a path without prefix is detected), reads every layer once and returns metadata, FileIndex and the
    /// contents the options' requests asked for. Throws <see cref="ImageException"/> naming the source and the problem.
    /// </summary>
    public static Task<LoadedImage> LoadAsync(string source, ImageLoadOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("ImageLoader is being written on the images branch");
}
