using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>What a source says about the selected image before any layer is read.</summary>
public sealed record ResolvedImage
{
    public string? ManifestDigest { get; init; }
    public string? IndexDigest { get; init; }
    public string? ManifestMediaType { get; init; }

    /// <summary>Config digest (null for dir: sources, which have no config).</summary>
    public string? ConfigDigest { get; init; }

    /// <summary>The config JSON, already verified against <see cref="ConfigDigest"/>; null for dir: sources.</summary>
    public byte[]? ConfigJson { get; init; }

    /// <summary>Layer blobs in order; Digest is empty when the source cannot name the stored blob (legacy docker save).</summary>
    public required IReadOnlyList<OciDescriptor> Layers { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Platform named by the index entry the manifest was picked from.</summary>
    public OciPlatform? IndexPlatform { get; init; }
}
