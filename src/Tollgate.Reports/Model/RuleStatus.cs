using Tollgate.Policy.Evaluator;

namespace Tollgate.Reports.Model;

/// <summary>
/// What a rule's check concluded, as assessment formats (STIG checklists, OSCAL) need it: a rule without findings
/// passed only if the data it reads was there.
/// </summary>
public static class RuleStatus
{
    /// <summary>A STOP or WARN finding stands (not allowlisted).</summary>
    public const string Open = "Open";

    public const string NotAFinding = "NotAFinding";

    /// <summary>The data the gate reads is not available for this input (e.g. no file listing from an SBOM).</summary>
    public const string NotApplicable = "Not_Applicable";

    /// <summary>The trigger failed, so nothing was concluded.</summary>
    public const string NotReviewed = "Not_Reviewed";

    public static string Of(ReportRule rule, ReportInput input)
    {
        if (rule.Findings.Any(f => f.Failed))
        {
            return NotReviewed;
        }

        if (MissingData(rule, input) is not null)
        {
            return NotApplicable;
        }

        return rule.Findings.Any(f => f.Action is PolicyActions.Stop or PolicyActions.Warn) ? Open : NotAFinding;
    }

    /// <summary>The part of the analysis the rule's gate reads when the input lacks it, else null.</summary>
    public static string? MissingData(ReportRule rule, ReportInput input)
    {
        var needed = rule.Gate switch
        {
            "files" => "files",
            "passwd_file" or "accounts" => "accounts",
            "secret_scans" => "secrets",
            "dockerfile" or "image" or "metadata" => "image-config",
            _ => null,
        };
        return needed is not null && input.Analysis.NotAvailable.Contains(needed) ? needed : null;
    }
}
