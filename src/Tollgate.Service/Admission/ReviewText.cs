using System.Text;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;

namespace Tollgate.Service.Admission;

/// <summary>
/// The words of an answer. A denial names the workload, every denied image with its digest, the bundle, each
/// STOP finding's rule, controls and fix, and where to read the full result — bounded, because kubectl prints it whole.
/// </summary>
public static class ReviewText
{
    private const int FindingsPerImage = 5;
    private const int MaxMessage = 4000;
    private const int MaxWarning = 240;

    public static string Warning(string image, VerdictFinding finding) =>
        Clip($"{image}: {finding.Action} {finding.Gate}/{finding.Trigger}{Rule(finding)}: {finding.Message}", MaxWarning);

    public static string PolicyDenial(string shown, AdmissionVerdict verdict)
    {
        var bundle = verdict.Versions.BundleName is { Length: > 0 } name && name != verdict.Versions.BundleId
            ? $"\"{verdict.Versions.BundleId}\" ({name})"
            : $"\"{verdict.Versions.BundleId}\"";
        var why = verdict.Reason switch
        {
            "blacklisted" => $" (the bundle denylists it: {verdict.MatchedDenylistedImage})",
            "evaluation_problems" => $" (the bundle cannot be evaluated: {string.Join("; ", verdict.Problems)})",
            "no_mapping" => " (no mapping of the bundle selects it)",
            _ => "",
        };
        return $"image {shown} fails policy bundle {bundle} version {Short(verdict.Versions.BundleVersion)}{why}";
    }

    public static IReadOnlyList<string> PolicyDetails(ImageName image, string digest, AdmissionVerdict verdict, string? detailsUrl)
    {
        var stops = verdict.Findings.Where(f => f.Action == "STOP").ToList();
        var lines = stops.Take(FindingsPerImage).Select(f =>
        {
            var controls = f.Controls.Count == 0 ? "" : $"; controls {string.Join(", ", f.Controls)}";
            var fix = f.Remediation is null ? "" : $" Fix: {f.Remediation}";
            return $"STOP {f.Gate}/{f.Trigger}{Rule(f)}{controls}: {f.Message}. [trigger id {f.TriggerId}]{fix}";
        }).ToList();
        if (stops.Count > FindingsPerImage)
        {
            lines.Add($"… and {stops.Count - FindingsPerImage} more STOP findings");
        }

        var bundle = verdict.Versions.BundleId;
        var where = $"Full result: GET /v1/images/{digest}/check?policyId={Uri.EscapeDataString(bundle)}, or `tollgate check registry:{image.Pinned(digest)} --policy <bundle {bundle}>`";
        if (detailsUrl is not null)
        {
            where += ", or " + detailsUrl.Replace("{digest}", digest, StringComparison.Ordinal).Replace("{bundle}", Uri.EscapeDataString(bundle), StringComparison.Ordinal);
        }

        lines.Add(where + ". An allowlist entry in the bundle for a trigger id admits the image without a restart.");
        return lines;
    }

    /// <summary>The whole denial: which workload, then each denied image with its details.</summary>
    public static string Denial(string workload, int imageCount, IReadOnlyList<ImageOutcome> denied, IReadOnlyDictionary<string, IReadOnlyList<string>> containersByImage)
    {
        var text = new StringBuilder($"Tollgate denied {workload}: {denied.Count} of {imageCount} image{(imageCount == 1 ? "" : "s")} not admitted.");
        foreach (var outcome in denied)
        {
            var containers = containersByImage.TryGetValue(outcome.Image, out var names) ? $" [{string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")}]" : "";
            var block = new StringBuilder($"\n- {outcome.Denial}{containers} (mode {outcome.Selection.Mode.ToString().ToLowerInvariant()}, {outcome.Selection.Because})");
            foreach (var line in outcome.Details)
            {
                block.Append("\n    ").Append(line);
            }

            if (text.Length + block.Length > MaxMessage)
            {
                text.Append($"\n- … {denied.Count - denied.ToList().IndexOf(outcome)} more denied image(s) not shown");
                break;
            }

            text.Append(block);
        }

        return text.ToString();
    }

    private static string Rule(VerdictFinding f) => f.RuleId is null ? "" : $" (rule {f.RuleId}{(f.PolicyName is null ? "" : ", policy " + f.PolicyName)})";

    private static string Short(string version) => version.Length > 12 ? version[..12] : version;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
