using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Reports.Model;

/// <summary>
/// The one result model every report renders: the analysis, the vulnerability matches (when scanned) and the policy
/// evaluation (when checked). Pass/fail is decided before this point (Evaluation.FinalAction, --fail-on); reports
/// only show it.
/// </summary>
public sealed record ReportInput
{
    public required ImageAnalysis Analysis { get; init; }
    public ScanResult? Scan { get; init; }
    public Evaluation? Evaluation { get; init; }

    /// <summary>The evaluated bundle: formats that list every rule (JUnit, checklists) need the rules without findings too.</summary>
    public Policy.Bundles.PolicyBundle? Bundle { get; init; }

    /// <summary>The Dockerfile path given with --dockerfile, so findings can point at its lines.</summary>
    public string? DockerfilePath { get; init; }

    public string ToolVersion { get; init; } = typeof(ReportInput).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Report time (SOURCE_DATE_EPOCH honoured by the caller for reproducible output).</summary>
    public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<VulnerabilityMatch> VisibleMatches => Scan?.Matches.Where(m => m.SuppressedBy is null).ToList() ?? [];

    public IReadOnlyList<Finding> VisibleFindings => Evaluation?.Findings.Where(f => !f.CountedOnly).ToList() ?? [];

    public string ImageName => Analysis.Image.Tags.FirstOrDefault(t => t.Contains(':') || t.Contains('/')) ?? Analysis.Image.Source;
}
