using System.Security.Cryptography;
using System.Text;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Stig;

/// <summary>One STIG Viewer VULN: a pack rule with its status and evidence. Both .ckl and .cklb render these.</summary>
public sealed record ChecklistItem
{
    public required string VulnNum { get; init; }
    public required string RuleId { get; init; }
    public required string RuleVersion { get; init; }
    public required string Title { get; init; }

    /// <summary>STIG severity: high (CAT I), medium (CAT II), low (CAT III).</summary>
    public required string Severity { get; init; }

    /// <summary>The SRG id where one exists (STIG Viewer shows it as the group title).</summary>
    public required string GroupTitle { get; init; }

    public required IReadOnlyList<string> Ccis { get; init; }
    public required IReadOnlyList<string> Nist { get; init; }

    /// <summary>NotAFinding, Open, Not_Applicable or Not_Reviewed (the .ckl spelling).</summary>
    public required string Status { get; init; }

    public required string FindingDetails { get; init; }
    public required string FixText { get; init; }
    public required string CheckContent { get; init; }
    public required string Uuid { get; init; }
}

public static class ChecklistItems
{
    public static IReadOnlyList<ChecklistItem> From(ReportInput input)
    {
        return RuleCatalog.Rules(input).Select((rule, i) =>
        {
            var status = RuleStatus.Of(rule, input);
            var details = rule.Findings.Count == 0
                ? status == RuleStatus.NotApplicable ? $"Not applicable: {RuleStatus.MissingData(rule, input)} not available for this input ({input.Analysis.Image.Source})." : $"Checked by Tollgate {input.ToolVersion} on {input.ImageName}: no finding."
                : string.Join('\n', rule.Findings.Select(f => $"[{f.Action}] {f.Message}" + (f.Path is null ? "" : $" ({f.Path}{(f.Layer is int l ? $", layer {l}" : "")})") + (f.AllowlistedBy is { } a ? $" allowlisted by {a.WhitelistId}" : "")));
            return new ChecklistItem
            {
                VulnNum = $"TG-{rule.Id}",
                RuleId = $"TG-{rule.Gate}.{rule.Trigger}_rule",
                RuleVersion = rule.Id,
                Title = rule.Title,
                Severity = rule.Action switch { PolicyActions.Stop => "high", PolicyActions.Warn => "medium", _ => "low" },
                GroupTitle = rule.Controls.Srg.FirstOrDefault() ?? $"{rule.Gate}/{rule.Trigger}",
                Ccis = rule.Controls.Cci,
                Nist = rule.Controls.Nist,
                Status = status,
                FindingDetails = details,
                FixText = rule.Remediation,
                CheckContent = $"Tollgate gate '{rule.Gate}', trigger '{rule.Trigger}' (action {rule.Action}).",
                Uuid = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{input.Evaluation?.BundleId}/{rule.Id}/{i}"))[..16]).ToString(),
            };
        }).ToList();
    }
}
