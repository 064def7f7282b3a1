using Tollgate.Analysis.Model;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Facts;

/// <summary>
/// The base image, from the strongest evidence available: OCI manifest annotations, then the same keys as config
/// labels, then the distro plus first-layer evidence (official base images are one "ADD file:… in /" layer).
/// </summary>
public static class BaseImageDetector
{
    private const string NameKey = "org.opencontainers.image.base.name";
    private const string DigestKey = "org.opencontainers.image.base.digest";

    public static BaseImage? Detect(ImageMetadata metadata, Model.Distro? distro, IReadOnlyList<LayerFact> layers)
    {
        if (metadata.Annotations.ContainsKey(NameKey) || metadata.Annotations.ContainsKey(DigestKey))
        {
            return new BaseImage { Name = metadata.Annotations.GetValueOrDefault(NameKey), Digest = metadata.Annotations.GetValueOrDefault(DigestKey), Evidence = "annotation" };
        }

        var labels = metadata.Config.Labels;
        if (labels.ContainsKey(NameKey) || labels.ContainsKey(DigestKey))
        {
            return new BaseImage { Name = labels.GetValueOrDefault(NameKey), Digest = labels.GetValueOrDefault(DigestKey), Evidence = "label" };
        }

        if (distro is null)
        {
            return null;
        }

        var firstIsRootfs = layers.Count > 0 && DockerfileRebuilder.Instruction(layers[0].CreatedBy) is var first
            && (first.StartsWith("ADD ", StringComparison.Ordinal) || first.StartsWith("COPY ", StringComparison.Ordinal))
            && first.TrimEnd().EndsWith(" /", StringComparison.Ordinal);
        return new BaseImage
        {
            Name = distro.VersionId is null ? distro.Id : $"{distro.Id}:{distro.VersionId}",
            LayerCount = firstIsRootfs ? 1 : null,
            Evidence = "distro",
        };
    }
}
