using Tollgate.Images.Content;

namespace Tollgate.Images;

/// <summary>How to open and read an image. Defaults are safe: verify digests, bound sizes, no plain HTTP.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>"os/arch[/variant]" for indexes and manifest lists; default linux/amd64.</summary>
    public string? Platform { get; init; }

    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>Path of a docker config.json with "auths"; default ~/.docker/config.json (DOCKER_CONFIG honoured).</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>PEM bundle of extra CAs trusted for registry TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>Allows plain HTTP (and only then) to registries.</summary>
    public bool Insecure { get; init; }

    /// <summary>Compute sha256 of every regular file while streaming (fills <see cref="FileTree.FileEntry.Sha256"/>).</summary>
    public bool FileSha256 { get; init; }

    public IReadOnlyList<ContentRequest> ContentRequests { get; init; } = [];
    public ReadLimits Limits { get; init; } = new();

    /// <summary>Layers read at once; default: processor count.</summary>
    public int? Parallelism { get; init; }
}

/// <summary>Bounds that stop hostile input (decompression bombs, entry floods) with a clear error.</summary>
public sealed record ReadLimits
{
    /// <summary>Uncompressed bytes of one layer.</summary>
    public long MaxLayerBytes { get; init; } = 32L * 1024 * 1024 * 1024;

    /// <summary>Uncompressed bytes of the whole image.</summary>
    public long MaxImageBytes { get; init; } = 64L * 1024 * 1024 * 1024;

    /// <summary>Tar entries per layer.</summary>
    public int MaxEntriesPerLayer { get; init; } = 2_000_000;

    /// <summary>Manifest, index and config JSON documents.</summary>
    public long MaxJsonBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Kept content held in memory before spilling to temp files.</summary>
    public long MaxInMemoryContentBytes { get; init; } = 64 * 1024 * 1024;
}
