using Tollgate.Analysis.Secrets;
using Tollgate.Images;

namespace Tollgate.Analysis;

public sealed record AnalyzeOptions
{
    /// <summary>How to read the image (platform, credentials, limits). Content requests are filled in by the analyzer.</summary>
    public ImageLoadOptions Load { get; init; } = new();

    /// <summary>The real Dockerfile (from --dockerfile), used instead of the one rebuilt from history.</summary>
    public string? DockerfileText { get; init; }

    /// <summary>Compute sha256 of every regular file (costs reading all content).</summary>
    public bool FileDigests { get; init; }

    /// <summary>Secret scanning: rules added or disabled, path allowlist, size bound.</summary>
    public SecretScanOptions Secrets { get; init; } = new();

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
