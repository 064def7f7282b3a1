namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>One advisory as a feed states it, normalised: the unit every importer produces and the DB stores.</summary>
public sealed record Advisory
{
    /// <summary>The feed's own id: CVE-…, GHSA-…, GO-…, RUSTSEC-…, DSA-…, NSWG-…</summary>
    public required string Id { get; init; }

    /// <summary>Feed the record came from ("osv:Go", "alpine-secdb", "debian-tracker", "nvd", …); a re-import replaces a source.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Summary { get; init; }

    /// <summary>One of <c>Severities</c>, when the feed gives one for the whole advisory.</summary>
    public string? Severity { get; init; }

    public string? SeveritySource { get; init; }
    public double? CvssScore { get; init; }
    public string? CvssVector { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public IReadOnlyList<string> Urls { get; init; } = [];
    public IReadOnlyList<string> Cwes { get; init; } = [];
    public IReadOnlyList<AffectedPackage> Affected { get; init; } = [];

    /// <summary>NVD-style CPE applicability (only for matching unmanaged binaries).</summary>
    public IReadOnlyList<CpeRange> Cpes { get; init; } = [];
}

/// <summary>Which versions of one package in one namespace an advisory covers.</summary>
public sealed record AffectedPackage
{
    /// <summary>"debian:12", "alpine:3.11", "rhel:9", or an ecosystem: "npm", "go", "pypi", "crates.io", "maven", …</summary>
    public required string Namespace { get; init; }

    /// <summary>Package name as the namespace spells it (normalised by <see cref="PackageNames"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Affected intervals; no intervals and no versions means every version.</summary>
    public IReadOnlyList<VersionInterval> Ranges { get; init; } = [];

    /// <summary>Exact affected versions (OSV "versions").</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>Set when the vendor will not fix ("wont-fix"); otherwise derived from the intervals.</summary>
    public string? FixState { get; init; }

    /// <summary>Vendor severity for this package (Debian urgency, Red Hat impact).</summary>
    public string? Severity { get; init; }
}

/// <summary>
/// [Introduced, Fixed) or [Introduced, LastAffected]; a null Introduced means from the first version.
/// Scheme overrides the namespace's version scheme (OSV SEMVER ranges).
/// </summary>
public sealed record VersionInterval(string? Introduced, string? Fixed, string? LastAffected = null)
{
    public bool IntroducedExclusive { get; init; }
    public string? Scheme { get; init; }
}

/// <summary>A CPE criterion with an optional version interval (NVD configurations).</summary>
public sealed record CpeRange(string Criteria, VersionInterval? Range)
{
    /// <summary>Whether the upper bound given as Fixed is inclusive (versionEndIncluding).</summary>
    public bool Vulnerable { get; init; } = true;
}

public sealed record KevEntry(string Cve, string? DateAdded, string? DueDate, string? Ransomware, string? Name);

public sealed record EpssScore(string Cve, double Score, double Percentile, string? Date);
