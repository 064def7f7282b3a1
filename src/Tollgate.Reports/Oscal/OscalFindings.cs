using System.Text.Json;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Oscal;

/// <summary>
/// One OSCAL finding per rule and NIST control: the control's statement part (or objective) is not satisfied while a
/// STOP or WARN finding of the rule stands, satisfied when the rule found nothing (or everything was allowlisted).
/// </summary>
internal static class OscalFindings
{
    private static readonly string[] StatusOrder = [RuleStatus.Open, RuleStatus.NotReviewed, RuleStatus.NotApplicable, RuleStatus.NotAFinding];

    public static void Write(Utf8JsonWriter w, ReportInput input, IReadOnlyList<ReportRule> rules, OscalIds ids)
    {
        if (rules.Count == 0)
        {
            return;
        }

        w.WriteStartArray("findings");
        // Open findings first: that is what an assessor reads; the rule order is kept within each status.
        foreach (var (rule, status) in rules.Select(r => (r, RuleStatus.Of(r, input))).OrderBy(x => Array.IndexOf(StatusOrder, x.Item2)))
        {
            foreach (var (nist, control) in Targets(rule))
            {
                w.WriteStartObject();
                w.WriteString("uuid", ids.Finding(rule.Id, control.TargetId));
                w.WriteString("title", $"{rule.Title} ({nist ?? "no NIST control"})");
                w.WriteString("description", Description(rule, status, input));
                OscalProps.Write(w, [
                    ("rule-id", rule.Id),
                    ("gate", rule.Gate),
                    ("trigger", rule.Trigger),
                    ("rule-action", rule.Action),
                    ("outcome", rule.Outcome),
                    ("checklist-status", status),
                    ("nist-800-53", nist),
                    .. rule.Controls.Cci.Select(c => ("cci", (string?)c)),
                    .. rule.Controls.Srg.Select(s => ("srg", (string?)s)),
                ]);
                WriteOrigin(w, ids);
                WriteTarget(w, control, nist, status);
                if (rule.Findings.Count > 0)
                {
                    w.WriteStartArray("related-observations");
                    foreach (var f in rule.Findings)
                    {
                        w.WriteStartObject();
                        w.WriteString("observation-uuid", ids.Observation(f));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                if (status == RuleStatus.Open && rule.Remediation.Length > 0)
                {
                    w.WriteString("remarks", rule.Remediation);
                }

                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }

    /// <summary>Tollgate ran the test: observations and findings name the assessment platform as their origin.</summary>
    public static void WriteOrigin(Utf8JsonWriter w, OscalIds ids)
    {
        w.WriteStartArray("origins");
        w.WriteStartObject();
        w.WriteStartArray("actors");
        w.WriteStartObject();
        w.WriteString("type", "assessment-platform");
        w.WriteString("actor-uuid", ids.Platform);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>
    /// The NIST references of the rule in OSCAL form. A rule without any (custom bundles) gets an objective of its own
    /// rather than none, so every STOP still appears as a finding.
    /// </summary>
    private static IEnumerable<(string? Nist, OscalControlId Control)> Targets(ReportRule rule)
    {
        var mapped = rule.Controls.Nist.Select(n => (Nist: (string?)n, Control: OscalControlId.Parse(n)))
            .Where(t => t.Control is not null).Select(t => (t.Nist, t.Control!))
            .DistinctBy(t => t.Item2.TargetId).ToList();
        return mapped.Count > 0 ? mapped : [(null, new OscalControlId("tollgate-rule-" + OscalProps.Token(rule.Id), null))];
    }

    private static void WriteTarget(Utf8JsonWriter w, OscalControlId control, string? nist, string status)
    {
        w.WriteStartObject("target");
        w.WriteString("type", control.TargetType);
        w.WriteString("target-id", control.TargetId);
        w.WriteString("title", nist is null ? "Tollgate rule (no NIST SP 800-53 mapping)" : $"NIST SP 800-53 {nist}");
        w.WriteStartObject("status");
        w.WriteString("state", status == RuleStatus.NotAFinding ? "satisfied" : "not-satisfied");
        w.WriteString("reason", status switch { RuleStatus.Open => "fail", RuleStatus.NotAFinding => "pass", _ => "other" });
        if (status is RuleStatus.NotApplicable or RuleStatus.NotReviewed)
        {
            w.WriteString("remarks", status == RuleStatus.NotReviewed ? "The trigger failed; nothing was concluded." : "The data this rule reads was not available for this input.");
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Description(ReportRule rule, string status, ReportInput input) => status switch
    {
        RuleStatus.NotApplicable => $"Not applicable: {RuleStatus.MissingData(rule, input)} not available for {input.ImageName}.",
        RuleStatus.NotAFinding when rule.Findings.Count == 0 => $"Checked {input.ImageName}: no finding.",
        _ => string.Join("\n", rule.Findings.Select(f => $"[{f.Action}] {f.Message}" + (f.AllowlistedBy is { } a ? $" (allowlisted by {a.WhitelistId})" : ""))),
    };
}
