using Tollgate.Policy.Evaluator;

namespace Tollgate.Service.Admission.Verdicts;

/// <summary>One STOP or WARN finding, with what a developer needs to act on it.</summary>
public sealed record VerdictFinding(
    string Action,
    string Gate,
    string Trigger,
    string TriggerId,
    string Message,
    string? RuleId,
    string? PolicyName,
    IReadOnlyList<string> Controls,
    string? Remediation);

/// <summary>
/// A policy evaluation reduced to what admission answers with: the final action, the findings that are not GO
/// (allowlisted findings are GO and so absent) and the evaluation's problems, under given bundle and feed versions.
/// </summary>
public sealed record AdmissionVerdict
{
    public required string Action { get; init; }
    public required string Reason { get; init; }
    public required AdmissionVersions Versions { get; init; }
    public IReadOnlyList<VerdictFinding> Findings { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];
    public string? MatchedDenylistedImage { get; init; }

    public bool Admits => Action != PolicyActions.Stop;

    public static AdmissionVerdict From(Evaluation evaluation, AdmissionVersions versions) => new()
    {
        Action = evaluation.FinalAction,
        Reason = evaluation.FinalActionReason,
        Versions = versions,
        MatchedDenylistedImage = evaluation.MatchedDenylistedImage,
        Findings = evaluation.Findings
            .Where(f => f.Action != PolicyActions.Go && !f.CountedOnly)
            .OrderBy(f => PolicyActions.Rank(f.Action))
            .Select(f => new VerdictFinding(f.Action, f.Gate, f.Trigger, f.TriggerId, f.Message, f.RuleId, f.PolicyName,
                [.. f.Controls.Nist, .. f.Controls.Srg], string.IsNullOrWhiteSpace(f.Remediation) ? null : f.Remediation))
            .ToList(),
        Problems = evaluation.Problems.Where(p => p.Severity == "error").Select(p => $"{p.ProblemType}: {p.Details}").ToList(),
    };
}
