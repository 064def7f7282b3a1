using Tollgate.Analysis.Model;

namespace Tollgate.Service.Images;

/// <summary>
/// The content types of an analysed image, as Anchore's GET /images/{digest}/content/{type} names them, projected from
/// the stored analysis (nothing is re-read from the image).
/// </summary>
public static class ImageContent
{
    /// <summary>Package content types and the analysis package types each covers.</summary>
    private static readonly Dictionary<string, Func<string, bool>> PackageContentTypes = new(StringComparer.Ordinal)
    {
        ["os"] = PackageTypes.IsOs,
        ["npm"] = t => t is PackageTypes.Npm,
        ["python"] = t => t is PackageTypes.Python,
        ["java"] = t => t is PackageTypes.Java,
        ["go"] = t => t is PackageTypes.Go,
        ["gem"] = t => t is PackageTypes.Gem,
        ["nuget"] = t => t is PackageTypes.DotNet,
        ["cargo"] = t => t is PackageTypes.Cargo,
        ["composer"] = t => t is PackageTypes.Composer,
        ["binary"] = t => t is PackageTypes.Binary or PackageTypes.JavaScript,
    };

    public static IReadOnlyList<string> Types { get; } = [.. PackageContentTypes.Keys, "files", "secrets", "metadata", "dockerfile"];

    /// <summary>The content of <paramref name="type"/>; null for an unknown type.</summary>
    public static object? Of(ImageAnalysis analysis, string type) => type switch
    {
        "files" => analysis.Files.Select(f => new FileContent(f.Path, Convert.ToString(f.Mode, 8), f.Uid, f.Gid, f.Sha256, f.Size, f.Type, f.LinkTarget)).ToList(),
        "secrets" => analysis.Secrets.Select(s => new SecretContent(s.RuleId, s.Title, s.Severity, s.Kind, s.Where, s.Line, s.Redacted)).ToList(),
        "metadata" => new[] { Metadata(analysis) },
        "dockerfile" => new[] { new DockerfileContent(analysis.Facts?.Dockerfile, analysis.Facts?.DockerfileProvided == true ? "actual" : "guessed") },
        _ when PackageContentTypes.TryGetValue(type, out var covers) => analysis.Packages.Where(p => covers(p.Type)).Select(Package).ToList(),
        _ => null,
    };

    private static PackageContent Package(Package p) => new(
        p.Name, p.Version, p.Type, p.Supplier ?? p.SourceName, p.Licenses.Select(l => l.SpdxExpression ?? l.Value).ToList(),
        p.Locations.FirstOrDefault()?.Path, p.Cpes, p.Purl);

    private static MetadataContent Metadata(ImageAnalysis a) => new(
        a.Image.Architecture, a.Distro?.Id, a.Distro?.VersionId, a.Facts?.DockerfileProvided == true ? "actual" : "guessed",
        a.Image.Layers.Sum(l => l.Size), a.Image.Layers.Count, a.Image.ManifestDigest, a.Image.ConfigDigest, a.Image.Tags);
}

/// <summary>Anchore's package content row (location: where it was found; origin: supplier or source package).</summary>
public sealed record PackageContent(string Package, string Version, string Type, string? Origin, IReadOnlyList<string> Licenses, string? Location, IReadOnlyList<string> Cpes, string? Purl);

public sealed record FileContent(string Filename, string Mode, int Uid, int Gid, string? Sha256, long Size, string Type, string? Linkdest);

public sealed record SecretContent(string RuleId, string Title, string Severity, string Kind, string Where, int? Line, string Redacted);

public sealed record MetadataContent(string? Arch, string? Distro, string? DistroVersion, string DockerfileMode, long ImageSize, int LayerCount, string? ManifestDigest, string? ImageId, IReadOnlyList<string> Tags);

public sealed record DockerfileContent(string? Dockerfile, string DockerfileMode);

/// <summary>Anchore's content body: {imageDigest, content_type, content[]} (imageDigest is camelCase in Anchore's API too).</summary>
public sealed record ContentResponse([property: System.Text.Json.Serialization.JsonPropertyName("imageDigest")] string ImageDigest, string ContentType, object Content);
