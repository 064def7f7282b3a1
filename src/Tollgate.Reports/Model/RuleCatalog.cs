using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates;

namespace Tollgate.Reports.Model;

/// <summary>A policy rule as reports list it: every rule of the evaluated policies, with its findings (maybe none).</summary>
public sealed record ReportRule(string Id, string Gate, string Trigger, string Action, string Title, string Remediation, ControlRefs Controls, IReadOnlyList<Finding> Findings)
{
    /// <summary>Worst effective action among the findings (after allowlists); GO when none fired.</summary>
    public string Outcome => PolicyActions.Min(Findings.Select(f => f.Action));
}

public static class RuleCatalog
{
    /// <summary>
    /// Rules of the bundle's policies that the evaluation used, each with the findings it produced. Findings of rules
    /// the bundle does not list (e.g. a pack's aggregate rules) form rules of their own, so nothing is dropped.
    /// </summary>
    public static IReadOnlyList<ReportRule> Rules(ReportInput input)
    {
        var findings = input.VisibleFindings;
        var rules = new List<ReportRule>();
        var used = new HashSet<Finding>(ReferenceEqualityComparer.Instance);
        var policyIds = input.Evaluation?.Policies.Select(p => p.PolicyId).ToHashSet(StringComparer.Ordinal);
        foreach (var policy in input.Bundle?.Policies ?? [])
        {
            if (policyIds is not null && policyIds.Count > 0 && !policyIds.Contains(policy.Id))
            {
                continue;
            }

            foreach (var (rule, index) in policy.Rules.Select((r, i) => (r, i)))
            {
                var id = rule.Id ?? $"{policy.Id}/{index}";
                var mine = findings.Where(f => f.PolicyId == policy.Id && (f.RuleId == rule.Id || (f.RuleId is null && f.Gate == rule.Gate && f.Trigger == rule.Trigger))).ToList();
                used.UnionWith(mine);
                rules.Add(new ReportRule(id, rule.Gate, rule.Trigger, rule.Action.ToUpperInvariant(),
                    rule.Comment ?? $"{rule.Gate}: {rule.Trigger}",
                    rule.Recommendation ?? mine.FirstOrDefault()?.Remediation ?? "",
                    rule.Controls ?? mine.FirstOrDefault()?.Controls ?? ControlRefs.None, mine));
            }
        }

        foreach (var group in findings.Where(f => !used.Contains(f)).GroupBy(f => f.RuleId ?? $"{f.Gate}.{f.Trigger}"))
        {
            var f = group.First();
            rules.Add(new ReportRule(group.Key, f.Gate, f.Trigger, f.RuleAction, $"{f.Gate}: {f.Trigger}", f.Remediation, f.Controls, group.ToList()));
        }

        return rules;
    }
}
