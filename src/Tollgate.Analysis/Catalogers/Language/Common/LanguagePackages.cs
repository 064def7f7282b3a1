using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>Builds language packages the same way in every ecosystem (stable id from type, name, version, first location).</summary>
public static class LanguagePackages
{
    public static Package Create(
        string type,
        string name,
        string version,
        string foundBy,
        Location location,
        string? purl,
        IReadOnlyList<string>? cpes = null,
        IReadOnlyList<LicenseInfo>? licenses = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        string? idKey = null) => new()
        {
            // idKey tells apart copies listed in one file (a lockfile naming the same package at two install paths).
            Id = PackageIds.For(type, name, version, idKey is null ? location.Path : location.Path + "#" + idKey),
            Name = name,
            Version = version,
            Type = type,
            FoundBy = foundBy,
            Purl = purl,
            Cpes = cpes ?? [],
            Licenses = licenses ?? [],
            Locations = [location],
            Metadata = Compact(metadata),
        };

    /// <summary>Metadata without empty values, so absent facts stay absent rather than "".</summary>
    public static IReadOnlyDictionary<string, string> Compact(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null
            ? new Dictionary<string, string>()
            : metadata.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Normalised licenses from raw statements, dropping blanks and repeats.</summary>
    public static IReadOnlyList<LicenseInfo> Licenses(IEnumerable<string?> raw, string source) =>
        raw.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!.Trim()).Distinct(StringComparer.Ordinal)
            .Select(r => Analysis.Licenses.SpdxLicenses.Normalize(r, source)).ToList();

    /// <summary>A location in the same layer as <paramref name="anchor"/> at another path (e.g. a file inside a jar).</summary>
    public static Location At(this Location anchor, string path) => anchor with { Path = path };
}
