using Tollgate.Images.Content;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>One layer of a test image: a folder on disk or a tar(.gz), placed at <c>MountAt</c> inside the image.</summary>
public sealed record TestLayer(string Path, string MountAt = "/");

/// <summary>
/// Loads fixture folders and tarballs as the layers of an image, through the real loader (<see cref="SyntheticImage"/>),
/// so content requests, whiteouts and the squashed view behave exactly as for any image.
/// </summary>
public static class TestImage
{
    public static LoadedImage Load(IReadOnlyList<ContentRequest> requests, ImageMetadata? metadata, params TestLayer[] layers)
    {
        var image = new SyntheticImage();
        foreach (var layer in layers)
        {
            image.LayerFrom(layer.Path, layer.MountAt);
        }

        var loaded = image.LoadAsync(requests).GetAwaiter().GetResult();
        return metadata is null
            ? loaded
            : new LoadedImage { Metadata = metadata, Files = loaded.Files, Contents = loaded.Contents, Warnings = loaded.Warnings };
    }
}
