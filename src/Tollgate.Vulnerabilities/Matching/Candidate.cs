namespace Tollgate.Vulnerabilities.Matching;

/// <summary>One advisory record that says a package's version is affected, before aliases are merged.</summary>
public sealed record Candidate(
    string Source,
    string Id,
    PackageQuery Query,
    IReadOnlyList<string> FixedIn,
    string? FixState,
    string? VendorSeverity);
