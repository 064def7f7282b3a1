using System.Text.Json;

namespace Tollgate.Sbom.CycloneDx;

/// <summary>
/// The SPDX license ids a CycloneDX "license.id" may carry (the enum of CycloneDX's spdx.schema.json); anything else
/// must go in "license.name", or the BOM fails schema validation.
/// </summary>
public static class SpdxIdList
{
    private static readonly Lazy<HashSet<string>> Ids = new(Load);

    public static bool Contains(string id) => Ids.Value.Contains(id);

    private static HashSet<string> Load()
    {
        using var stream = typeof(SpdxIdList).Assembly.GetManifestResourceStream("cyclonedx-spdx.schema.json")
            ?? throw new InvalidOperationException("embedded cyclonedx-spdx.schema.json is missing");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
