using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Evaluator;

/// <summary>Anchore's actions, ordered as its decisions combine them: STOP (-1) &lt; WARN (0) &lt; GO (1).</summary>
public static class PolicyActions
{
    public const string Stop = "STOP";
    public const string Warn = "WARN";
    public const string Go = "GO";

    public static int Rank(string action) => action.ToUpperInvariant() switch
    {
        Stop => -1,
        Warn => 0,
        _ => 1,
    };

    public static string Min(IEnumerable<string> actions) => actions.Select(a => a.ToUpperInvariant()).DefaultIfEmpty(Go).MinBy(Rank)!;
}

/// <summary>
/// The result of evaluating a bundle against one image and tag: decided once here, rendered by every report.
/// </summary>
public sealed record Evaluation
{
    /// <summary>STOP, WARN or GO.</summary>
    public required string FinalAction { get; init; }

    /// <summary>policy_evaluation, whitelisted, blacklisted, no_mapping (fail-closed) or evaluation_problems.</summary>
    public required string FinalActionReason { get; init; }

    /// <summary>pass (GO or WARN) or fail (STOP).</summary>
    public string Status => FinalAction == PolicyActions.Stop ? "fail" : "pass";

    /// <summary>The policies' own decision, before image allow/deny lists (Anchore's table final_action).</summary>
    public required string PolicyAction { get; init; }

    public required string Tag { get; init; }
    public string? ImageDigest { get; init; }
    public string? ImageId { get; init; }
    public required string BundleId { get; init; }
    public string? BundleName { get; init; }
    public string? MatchedMappingId { get; init; }
    public string? MatchedMappingName { get; init; }
    public string? MatchedAllowlistedImage { get; init; }
    public string? MatchedDenylistedImage { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<PolicyOutcome> Policies { get; init; } = [];
    public IReadOnlyList<EvaluationProblem> Problems { get; init; } = [];

    /// <summary>Exceptions of the applied whitelists that expire soon (or already did).</summary>
    public IReadOnlyList<ExpiringException> ExpiringExceptions { get; init; } = [];

    public DateTimeOffset EvaluatedAt { get; init; }
}

public sealed record PolicyOutcome(string PolicyId, string? PolicyName, string Action, int Findings);

/// <summary>One fired trigger instance (Anchore's decision row) with what Tollgate adds to it.</summary>
public sealed record Finding
{
    public required string Gate { get; init; }
    public required string Trigger { get; init; }

    /// <summary>Anchore's trigger id: md5(gate + trigger + message), or the trigger's own form (CVE+pkg, always, …).</summary>
    public required string TriggerId { get; init; }

    /// <summary>Tollgate's readable id, stable across message wording: "files.suid_or_guid_set:/usr/bin/chage".</summary>
    public required string StableId { get; init; }

    public required string Message { get; init; }

    /// <summary>The action after allowlisting (GO when allowlisted).</summary>
    public required string Action { get; init; }

    /// <summary>The rule's own action.</summary>
    public required string RuleAction { get; init; }

    public required string PolicyId { get; init; }
    public string? PolicyName { get; init; }
    public string? RuleId { get; init; }
    public AllowlistMatch? AllowlistedBy { get; init; }
    public ControlRefs Controls { get; init; } = ControlRefs.None;
    public required string Remediation { get; init; }

    /// <summary>The finding's layer belongs to the base image.</summary>
    public bool Inherited { get; init; }

    public string? Path { get; init; }
    public int? Layer { get; init; }
    public string? PackageName { get; init; }
    public string? PackageVersion { get; init; }

    /// <summary>The trigger threw; Anchore turns that into a WARN decision.</summary>
    public bool Failed { get; init; }

    /// <summary>Set on a count rule's individual matches: they are listed but decided by the aggregate finding.</summary>
    public bool CountedOnly { get; init; }
}

public sealed record AllowlistMatch(string WhitelistId, string? WhitelistName, string? ItemId, string TriggerIdPattern)
{
    public string? Reason { get; init; }
    public string? Owner { get; init; }
    public string? ExpiresOn { get; init; }
}

public sealed record EvaluationProblem(string Severity, string ProblemType, string Details);

public sealed record ExpiringException
{
    public required string WhitelistId { get; init; }
    public string? WhitelistName { get; init; }
    public string? ItemId { get; init; }
    public required string Gate { get; init; }
    public required string TriggerId { get; init; }
    public required DateTimeOffset ExpiresOn { get; init; }
    public int DaysLeft { get; init; }
    public bool Expired { get; init; }
    public string? Reason { get; init; }
    public string? Owner { get; init; }
}
