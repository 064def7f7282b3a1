namespace Tollgate.Images.Model;

/// <summary>Everything the manifest and config say about an image (no file contents).</summary>
public sealed record ImageMetadata
{
    /// <summary>The source as the user gave it, e.g. "oci-dir:/tmp/img:latest".</summary>
    public required string Source { get; init; }

    /// <summary>oci-dir, oci-archive, docker-archive, dir, registry.</summary>
    public required string SourceKind { get; init; }

    /// <summary>Digest of the manifest ("sha256:…"); null for dir: sources.</summary>
    public string? ManifestDigest { get; init; }

    /// <summary>Digest of the index the manifest was selected from, when there was one.</summary>
    public string? IndexDigest { get; init; }

    public string? ConfigDigest { get; init; }
    public string? ManifestMediaType { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Registry references ("host/repo@sha256:…") when known.</summary>
    public IReadOnlyList<string> RepoDigests { get; init; } = [];

    public string Os { get; init; } = "linux";
    public string Architecture { get; init; } = "";
    public string? Variant { get; init; }
    public DateTimeOffset? Created { get; init; }
    public ImageConfig Config { get; init; } = new();
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];
    public IReadOnlyList<LayerDescriptor> Layers { get; init; } = [];

    /// <summary>Manifest annotations (org.opencontainers.image.base.name, …).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

/// <summary>The runtime config of the image ("config" object of the OCI image config).</summary>
public sealed record ImageConfig
{
    public string? User { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public Healthcheck? Healthcheck { get; init; }
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? StopSignal { get; init; }
    public IReadOnlyList<string>? Shell { get; init; }
    public IReadOnlyList<string>? OnBuild { get; init; }
}

public sealed record Healthcheck
{
    /// <summary>["NONE"], ["CMD", …] or ["CMD-SHELL", "…"] as Docker stores it.</summary>
    public IReadOnlyList<string> Test { get; init; } = [];
    public long? IntervalNs { get; init; }
    public long? TimeoutNs { get; init; }
    public long? StartPeriodNs { get; init; }
    public int? Retries { get; init; }
}

/// <summary>One history entry; empty layers (ENV, USER, …) included, as the config lists them.</summary>
public sealed record HistoryEntry
{
    public DateTimeOffset? Created { get; init; }
    public string? CreatedBy { get; init; }
    public string? Comment { get; init; }
    public string? Author { get; init; }
    public bool EmptyLayer { get; init; }

    /// <summary>Index into <see cref="ImageMetadata.Layers"/> for non-empty entries; null for empty ones.</summary>
    public int? LayerIndex { get; init; }
}

public sealed record LayerDescriptor
{
    public required int Index { get; init; }

    /// <summary>Digest of the blob as stored (compressed); equals DiffId for uncompressed layers and dir sources.</summary>
    public string? Digest { get; init; }

    public required string DiffId { get; init; }
    public string? MediaType { get; init; }

    /// <summary>Compressed size as stored.</summary>
    public long Size { get; init; }

    /// <summary>Sum of regular-file sizes in the layer.</summary>
    public long UncompressedContentSize { get; init; }

    public int EntryCount { get; init; }
}
