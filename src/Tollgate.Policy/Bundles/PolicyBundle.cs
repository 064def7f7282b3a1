using System.Text.Json.Nodes;
using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Bundles;

/// <summary>Anchore Engine's "1_0" layout (policies, whitelists…) or Enterprise's v2 (rule_sets, allowlists…).</summary>
public enum BundleFormat
{
    V1,
    V2,
}

/// <summary>
/// A policy bundle in one model for both layouts (v1 names inside). Keys the model does not know are kept in
/// <c>Extra</c> on every object, so reading and writing back (or converting) loses nothing.
/// </summary>
public sealed record PolicyBundle
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string Version { get; init; }
    public string? Comment { get; init; }
    public string? Description { get; init; }
    public JsonNode? LastUpdated { get; init; }
    public IReadOnlyList<BundlePolicy> Policies { get; init; } = [];
    public IReadOnlyList<Whitelist> Whitelists { get; init; } = [];
    public IReadOnlyList<PolicyMapping> Mappings { get; init; } = [];
    public IReadOnlyList<ImageSelectionRule> WhitelistedImages { get; init; } = [];
    public IReadOnlyList<ImageSelectionRule> BlacklistedImages { get; init; } = [];
    public BundleFormat Format { get; init; }
    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

/// <summary>A policy (v2: rule set).</summary>
public sealed record BundlePolicy
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Comment { get; init; }

    /// <summary>v2 only: "image" or "source".</summary>
    public string? ArtifactType { get; init; }

    public IReadOnlyList<PolicyRule> Rules { get; init; } = [];
    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

public sealed record PolicyRule
{
    public string? Id { get; init; }
    public required string Gate { get; init; }
    public required string Trigger { get; init; }
    public required string Action { get; init; }
    public IReadOnlyList<RuleParam> Params { get; init; } = [];
    public string? Comment { get; init; }

    /// <summary>Remediation text (v2's name for it); the trigger's own text is used when absent.</summary>
    public string? Recommendation { get; init; }

    /// <summary>Tollgate: controls this rule implements (NIST 800-53, CCI, SRG, other references).</summary>
    public ControlRefs? Controls { get; init; }

    /// <summary>Tollgate: fire only when the trigger matches more than this many times, as one aggregate finding.</summary>
    public int? Threshold { get; init; }

    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

public sealed record RuleParam(string Name, string Value);

/// <summary>A whitelist (v2: allowlist).</summary>
public sealed record Whitelist
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<WhitelistItem> Items { get; init; } = [];
    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

/// <summary>
/// One exception: Anchore's gate + trigger_id (exact, glob or regexp:) with optional expires_on, plus Tollgate's
/// scoping (package, version, path glob) and accountability (reason, owner).
/// </summary>
public sealed record WhitelistItem
{
    public string? Id { get; init; }
    public required string Gate { get; init; }
    public required string TriggerId { get; init; }
    public string? ExpiresOn { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? Comment { get; init; }
    public string? Package { get; init; }
    public string? PackageVersion { get; init; }
    public string? Path { get; init; }
    public string? Reason { get; init; }
    public string? Owner { get; init; }
    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

public sealed record ImageSelector(string Type, string Value);

public sealed record PolicyMapping
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string Registry { get; init; } = "*";
    public string Repository { get; init; } = "*";
    public ImageSelector Image { get; init; } = new("tag", "*");
    public IReadOnlyList<string> PolicyIds { get; init; } = [];
    public IReadOnlyList<string> WhitelistIds { get; init; } = [];

    /// <summary>The mapping used the legacy single "policy_id" key (written back the same way in v1).</summary>
    public bool LegacyPolicyId { get; init; }

    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

/// <summary>An entry of whitelisted_images / blacklisted_images (v2: allowlisted / denylisted).</summary>
public sealed record ImageSelectionRule
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string Registry { get; init; } = "*";
    public string Repository { get; init; } = "*";
    public ImageSelector Image { get; init; } = new("tag", "*");
    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();
}

public enum ProblemSeverity
{
    Error,
    Warning,
}

/// <summary>One problem with a bundle, at its JSON path ("$.policies[0].rules[3].params[1].value").</summary>
public sealed record BundleProblem(string Path, string Message, ProblemSeverity Severity = ProblemSeverity.Error)
{
    public override string ToString() => $"{(Severity == ProblemSeverity.Error ? "error" : "warning")}: {Path}: {Message}";
}
