using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Service.Feeds;

/// <summary>
/// The part of a vulnerability match a feed update can change, as kept per image: identity (vulnerability, package)
/// and the facts whose change is an "updated" match (severity, fix state, fixed versions).
/// </summary>
public sealed record StoredMatch(
    string VulnerabilityId,
    string PackageId,
    string PackageName,
    string PackageVersion,
    string PackageType,
    string Severity,
    string FixState,
    string FixedIn,
    string Namespace)
{
    public (string, string) Key => (VulnerabilityId, PackageId);

    public static StoredMatch From(VulnerabilityMatch m) =>
        new(m.Id, m.PackageId, m.PackageName, m.PackageVersion, m.PackageType, m.Severity, m.FixState, string.Join(",", m.FixedIn), m.Namespace);

    /// <summary>True when the facts a consumer acts on differ (the identity being the same).</summary>
    public bool ChangedFrom(StoredMatch previous) =>
        Severity != previous.Severity || FixState != previous.FixState || FixedIn != previous.FixedIn;
}

/// <summary>A match whose severity or fix state changed between two feed versions.</summary>
public sealed record UpdatedMatch(StoredMatch Previous, StoredMatch Current);

/// <summary>What changed for one image between two match runs.</summary>
public sealed record MatchDiff(IReadOnlyList<StoredMatch> Added, IReadOnlyList<StoredMatch> Removed, IReadOnlyList<UpdatedMatch> Updated)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Updated.Count == 0;

    public static MatchDiff Compute(IReadOnlyList<StoredMatch> previous, IReadOnlyList<StoredMatch> current)
    {
        var before = previous.ToDictionary(m => m.Key);
        var after = current.ToDictionary(m => m.Key);
        return new MatchDiff(
            current.Where(m => !before.ContainsKey(m.Key)).ToList(),
            previous.Where(m => !after.ContainsKey(m.Key)).ToList(),
            current.Where(m => before.TryGetValue(m.Key, out var old) && m.ChangedFrom(old)).Select(m => new UpdatedMatch(before[m.Key], m)).ToList());
    }
}
