using System.Text.Json;

using Tollgate.Sbom.Common;

namespace Tollgate.Sbom.Spdx;

/// <summary>Reads SPDX 2.2/2.3 JSON into <see cref="SpdxDocument"/>; unknown fields are ignored, missing required ones are errors.</summary>
public static class SpdxJsonReader
{
    public static SpdxDocument Read(Stream input, string fileName)
    {
        using var json = SbomJson.Parse(input, fileName);
        return Read(json.RootElement, fileName);
    }

    public static SpdxDocument Read(JsonElement root, string fileName)
    {
        var version = SbomJson.RequiredString(root, "spdxVersion", fileName);
        if (!version.StartsWith("SPDX-2.", StringComparison.Ordinal))
        {
            throw new SbomFormatException(fileName, $"unsupported spdxVersion '{version}' (SPDX 2.x JSON expected)");
        }

        var creation = root.TryGetProperty("creationInfo", out var ci) ? ci : default;
        return new SpdxDocument
        {
            SpdxVersion = version,
            Name = SbomJson.RequiredString(root, "name", fileName),
            DocumentNamespace = SbomJson.String(root, "documentNamespace") ?? "",
            Creators = creation.ValueKind == JsonValueKind.Object && creation.TryGetProperty("creators", out var cr)
                ? cr.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [],
            Created = creation.ValueKind == JsonValueKind.Object ? SbomJson.String(creation, "created") ?? "" : "",
            LicenseListVersion = creation.ValueKind == JsonValueKind.Object ? SbomJson.String(creation, "licenseListVersion") : null,
            Comment = SbomJson.String(root, "comment"),
            Packages = SbomJson.Array(root, "packages").Select((p, i) => ReadPackage(p, fileName, i)).ToList(),
            Relationships = SbomJson.Array(root, "relationships").Select(r => new SpdxRelationship(
                SbomJson.String(r, "spdxElementId") ?? "", SbomJson.String(r, "relationshipType") ?? "", SbomJson.String(r, "relatedSpdxElement") ?? "")).ToList(),
            ExtractedLicenses = SbomJson.Array(root, "hasExtractedLicensingInfos").Select(l => new SpdxExtractedLicense(
                SbomJson.String(l, "licenseId") ?? "", SbomJson.String(l, "extractedText") ?? "", SbomJson.String(l, "name"))).ToList(),
        };
    }

    private static SpdxPackage ReadPackage(JsonElement p, string fileName, int index) => new()
    {
        SpdxId = SbomJson.RequiredString(p, "SPDXID", fileName, $"packages[{index}]"),
        Name = SbomJson.RequiredString(p, "name", fileName, $"packages[{index}]"),
        VersionInfo = SbomJson.String(p, "versionInfo"),
        Supplier = SbomJson.String(p, "supplier"),
        DownloadLocation = SbomJson.String(p, "downloadLocation") ?? "NOASSERTION",
        FilesAnalyzed = p.TryGetProperty("filesAnalyzed", out var fa) && fa.ValueKind == JsonValueKind.True,
        LicenseConcluded = SbomJson.String(p, "licenseConcluded") ?? "NOASSERTION",
        LicenseDeclared = SbomJson.String(p, "licenseDeclared") ?? "NOASSERTION",
        CopyrightText = SbomJson.String(p, "copyrightText") ?? "NOASSERTION",
        SourceInfo = SbomJson.String(p, "sourceInfo"),
        PrimaryPackagePurpose = SbomJson.String(p, "primaryPackagePurpose"),
        Comment = SbomJson.String(p, "comment"),
        Checksums = SbomJson.Array(p, "checksums").Select(c => new SpdxChecksum(SbomJson.String(c, "algorithm") ?? "", SbomJson.String(c, "checksumValue") ?? "")).ToList(),
        ExternalRefs = SbomJson.Array(p, "externalRefs").Select(r => new SpdxExternalRef(
            SbomJson.String(r, "referenceCategory") ?? "", SbomJson.String(r, "referenceType") ?? "", SbomJson.String(r, "referenceLocator") ?? "")).ToList(),
    };
}
