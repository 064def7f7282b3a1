namespace Tollgate.Analysis.Model;

/// <summary>The distribution, from os-release or its fallbacks.</summary>
public sealed record Distro
{
    /// <summary>os-release ID: "debian", "alpine", "rhel", "ubuntu", …</summary>
    public required string Id { get; init; }

    public string? VersionId { get; init; }
    public string? VersionCodename { get; init; }
    public string? PrettyName { get; init; }
    public IReadOnlyList<string> IdLike { get; init; } = [];

    /// <summary>The file it was read from.</summary>
    public string? Source { get; init; }
}
