namespace Tollgate.Sbom.Spdx;

/// <summary>
/// The SPDX 2.3 document as both writers (JSON, tag-value) render it and both readers return it: one model,
/// so the two encodings can never disagree about content.
/// </summary>
public sealed record SpdxDocument
{
    public string SpdxVersion { get; init; } = "SPDX-2.3";
    public string DataLicense { get; init; } = "CC0-1.0";
    public string SpdxId { get; init; } = "SPDXRef-DOCUMENT";
    public required string Name { get; init; }
    public required string DocumentNamespace { get; init; }
    public required IReadOnlyList<string> Creators { get; init; }
    public required string Created { get; init; }
    public string? LicenseListVersion { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<SpdxPackage> Packages { get; init; } = [];
    public IReadOnlyList<SpdxRelationship> Relationships { get; init; } = [];
    public IReadOnlyList<SpdxExtractedLicense> ExtractedLicenses { get; init; } = [];
}

public sealed record SpdxPackage
{
    public required string SpdxId { get; init; }
    public required string Name { get; init; }
    public string? VersionInfo { get; init; }
    public string? Supplier { get; init; }
    public string DownloadLocation { get; init; } = "NOASSERTION";
    public bool FilesAnalyzed { get; init; }
    public string LicenseConcluded { get; init; } = "NOASSERTION";
    public string LicenseDeclared { get; init; } = "NOASSERTION";
    public string CopyrightText { get; init; } = "NOASSERTION";
    public string? SourceInfo { get; init; }
    public string? PrimaryPackagePurpose { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<SpdxChecksum> Checksums { get; init; } = [];
    public IReadOnlyList<SpdxExternalRef> ExternalRefs { get; init; } = [];
}

public sealed record SpdxChecksum(string Algorithm, string Value);

public sealed record SpdxExternalRef(string Category, string Type, string Locator);

public sealed record SpdxRelationship(string Element, string Type, string Related);

public sealed record SpdxExtractedLicense(string LicenseId, string ExtractedText, string? Name);
