using Tollgate.Images.Model;

namespace Tollgate.Sbom.Common;

/// <summary>How SBOMs name the image: a full "repo:tag" reference when one is known, else the source as given.</summary>
public static class ImageName
{
    public static string Of(ImageMetadata image) =>
        image.Tags.FirstOrDefault(t => t.Contains(':') || t.Contains('/')) ?? image.Source;

    /// <summary>The repository part of <see cref="Of"/> ("docker.io/library/alpine" of "docker.io/library/alpine:3.20").</summary>
    public static string Repository(ImageMetadata image)
    {
        var name = Of(image);
        var at = name.IndexOf('@');
        if (at > 0)
        {
            name = name[..at];
        }

        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }
}
