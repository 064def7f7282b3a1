namespace Tollgate.Analysis.Secrets;

/// <summary>
/// One secret-detection rule. A rule runs its regex only where one of its <see cref="Keywords"/> occurs (a cheap
/// case-insensitive search first), measures the entropy of the secret alone, and drops allowlisted paths and values.
/// </summary>
public sealed record SecretRule
{
    /// <summary>Stable id ("aws-access-key-id"), used to disable the rule and to name findings.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>"critical", "high", "medium" or "low".</summary>
    public string Severity { get; init; } = "high";

    /// <summary>Case-insensitive literals, one of which must occur before the regex runs; empty means "always run".</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Literals that must all occur in the same text (e.g. "service_account" for a GCP key file).</summary>
    public IReadOnlyList<string> RequiresAll { get; init; } = [];

    /// <summary>.NET regex; the group named "secret" (or the whole match) is the secret.</summary>
    public required string Pattern { get; init; }

    /// <summary>Minimum Shannon entropy (bits per char) of the secret; lower ones are placeholders or words.</summary>
    public double? MinEntropy { get; init; }

    /// <summary>When set, the rule applies only to files whose path matches (and never to env, labels or history).</summary>
    public string? PathPattern { get; init; }

    /// <summary>Regexes over the path: matching files are not reported by this rule.</summary>
    public IReadOnlyList<string> PathAllow { get; init; } = [];

    /// <summary>Regexes over the secret: matching values (sample keys, placeholders) are not reported.</summary>
    public IReadOnlyList<string> ValueAllow { get; init; } = [];

    /// <summary>Rules whose findings in the same file this rule's finding replaces (a GCP key file holds a PEM key).</summary>
    public IReadOnlyList<string> Supersedes { get; init; } = [];

    /// <summary>
    /// Match line by line with the backtracking engine and a timeout: for patterns that need look-around
    /// (Anchore's NAME=regex rules). Other rules use the linear-time engine.
    /// </summary>
    public bool PerLine { get; init; }

    /// <summary>Applies to env, labels and history only (e.g. "a variable named *PASSWORD* has a value").</summary>
    public bool ConfigOnly { get; init; }
}
