namespace Tollgate.Sbom.CycloneDx;

/// <summary>
/// The CycloneDX BOM as both encodings (JSON, XML) render it: built once from the analysis (and matches), so JSON and
/// XML cannot disagree. Only the parts Tollgate fills are modelled.
/// </summary>
public sealed record CdxBom
{
    public required string SpecVersion { get; init; }
    public required string SerialNumber { get; init; }
    public required string Timestamp { get; init; }
    public required string ToolName { get; init; }
    public required string ToolVersion { get; init; }
    public required CdxComponent Subject { get; init; }
    public IReadOnlyList<CdxComponent> Components { get; init; } = [];
    public IReadOnlyList<CdxDependency> Dependencies { get; init; } = [];
    public IReadOnlyList<CdxVulnerability> Vulnerabilities { get; init; } = [];
}

public sealed record CdxComponent
{
    /// <summary>"container", "library", "application", "operating-system".</summary>
    public required string Type { get; init; }

    public required string BomRef { get; init; }
    public required string Name { get; init; }
    public string? Group { get; init; }
    public string? Version { get; init; }
    public string? Purl { get; init; }
    public string? Cpe { get; init; }
    public string? Publisher { get; init; }

    /// <summary>Either SPDX ids / names (<see cref="LicenseExpression"/> null), or one expression.</summary>
    public IReadOnlyList<CdxLicense> Licenses { get; init; } = [];

    public string? LicenseExpression { get; init; }
    public IReadOnlyList<(string Alg, string Content)> Hashes { get; init; } = [];
    public IReadOnlyList<(string Name, string Value)> Properties { get; init; } = [];
    public IReadOnlyList<CdxComponent> Children { get; init; } = [];
}

public sealed record CdxLicense(string? Id, string? Name);

public sealed record CdxDependency(string Ref, IReadOnlyList<string> DependsOn);

public sealed record CdxVulnerability
{
    public required string BomRef { get; init; }
    public required string Id { get; init; }
    public string? SourceName { get; init; }
    public string? SourceUrl { get; init; }
    public IReadOnlyList<CdxRating> Ratings { get; init; } = [];
    public string? Description { get; init; }
    public string? Recommendation { get; init; }
    public IReadOnlyList<string> AdvisoryUrls { get; init; } = [];
    public string? Published { get; init; }
    public IReadOnlyList<(string Ref, string Version, string Status)> Affects { get; init; } = [];

    /// <summary>CycloneDX analysis.state ("not_affected", "exploitable", …) when VEX or an ignore rule spoke.</summary>
    public string? AnalysisState { get; init; }

    public string? AnalysisDetail { get; init; }
    public IReadOnlyList<(string Name, string Value)> Properties { get; init; } = [];
}

public sealed record CdxRating(string? SourceName, double? Score, string Severity, string? Method, string? Vector);
