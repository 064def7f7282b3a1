using Tollgate.Analysis.Model;

namespace Tollgate.Sbom.Common;

/// <summary>Facts shared by every SBOM reader: what an SBOM cannot tell, and purl type → package type.</summary>
public static class SbomInput
{
    /// <summary>An SBOM lists packages; it says nothing reliable about file modes, secrets or accounts.</summary>
    public static readonly IReadOnlyList<string> NotAvailableFromSbom = ["files", "secrets", "accounts", "image-config"];

    public static string TypeFromPurl(string? purlType) => purlType switch
    {
        null => PackageTypes.Binary,
        "generic" => PackageTypes.Binary,
        _ => purlType,
    };
}
