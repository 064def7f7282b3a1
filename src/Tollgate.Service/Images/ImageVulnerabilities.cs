using System.Text.Json.Serialization;
using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Service.Images;

/// <summary>GET /images/{digest}/vuln/{type} rows as Anchore shapes them, with Tollgate's extra facts (aliases, CVSS, KEV, EPSS).</summary>
public static class ImageVulnerabilities
{
    public static IReadOnlyList<string> Types { get; } = ["os", "non-os", "all"];

    /// <summary>Matches of <paramref name="type"/> (os, non-os, all); null for an unknown type.</summary>
    public static List<VulnerabilityRow>? Of(IReadOnlyList<VulnerabilityMatch> matches, string type)
    {
        Func<VulnerabilityMatch, bool>? keep = type switch
        {
            "os" => m => PackageTypes.IsOs(m.PackageType),
            "non-os" => m => !PackageTypes.IsOs(m.PackageType),
            "all" => _ => true,
            _ => null,
        };
        return keep is null ? null : matches.Where(m => m.SuppressedBy is null).Where(keep).Select(Row).ToList();
    }

    private static VulnerabilityRow Row(VulnerabilityMatch m) => new(
        m.Id, m.Severity, $"{m.PackageName}-{m.PackageVersion}", m.PackageName, m.PackageVersion, m.PackageType,
        m.Locations.FirstOrDefault()?.Path ?? "pkgdb", m.FixedIn.Count > 0 ? string.Join(',', m.FixedIn) : "None",
        m.Urls.FirstOrDefault(), "vulnerabilities", m.Namespace, m.FixState == FixStates.WontFix)
    {
        Aliases = m.Aliases,
        CvssScore = m.CvssScore,
        FixState = m.FixState,
        KnownExploited = m.KnownExploited,
        Epss = m.Epss,
        Purl = m.Purl,
    };
}

public sealed record VulnerabilityRow(
    string Vuln,
    string Severity,
    string Package,
    string PackageName,
    string PackageVersion,
    string PackageType,
    string PackagePath,
    string Fix,
    string? Url,
    string Feed,
    string FeedGroup,
    bool WillNotFix)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public double? CvssScore { get; init; }
    public string? FixState { get; init; }
    public bool KnownExploited { get; init; }
    public double? Epss { get; init; }
    public string? Purl { get; init; }
}

/// <summary>Anchore's body: {imageDigest, vulnerability_type, vulnerabilities[]} plus the DB version matched against.</summary>
public sealed record VulnerabilityResponse(
    [property: JsonPropertyName("imageDigest")] string ImageDigest,
    string VulnerabilityType,
    IReadOnlyList<VulnerabilityRow> Vulnerabilities,
    string DbVersion);
