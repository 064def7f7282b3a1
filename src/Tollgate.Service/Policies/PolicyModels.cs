using Tollgate.Policy.Bundles;

namespace Tollgate.Service.Policies;

public static class PolicySources
{
    public const string Upload = "upload";
    public const string BuiltIn = "builtin";
}

/// <summary>
/// A bundle as the store holds it: <paramref name="Version"/> is the content hash of <paramref name="Text"/> (as
/// uploaded); built-in packs have no timestamps.
/// </summary>
public sealed record StoredPolicy(
    string PolicyId,
    string? Name,
    string Source,
    string Version,
    bool Active,
    PolicyBundle Bundle,
    string Text,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

public enum PolicySaveOutcome
{
    Saved,
    Invalid,
    Exists,
    NotFound,
}

/// <summary>What a save did; <paramref name="Problems"/> lists every error and warning with its JSON path.</summary>
public sealed record PolicySaveResult(PolicySaveOutcome Outcome, StoredPolicy? Policy, IReadOnlyList<BundleProblem> Problems);

public enum PolicyDeleteOutcome
{
    Deleted,
    NotFound,
    Active,
    BuiltIn,
}

/// <summary>A bundle at one version: what an evaluation used, and what its cache entries are keyed on.</summary>
public sealed record PolicyVersion(string PolicyId, string Version, PolicyBundle Bundle);
