using System.Globalization;
using System.Text.Json;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Oscal;

/// <summary>
/// OSCAL 1.1 assessment-results from a policy evaluation: the image is the assessed component, each policy finding an
/// observation, and each rule × NIST SP 800-53 control it maps to an OSCAL finding whose target (the control's
/// statement part or objective) is satisfied or not. There is no assessment plan: the policy bundle, kept in
/// back-matter, is what import-ap points at.
/// </summary>
public sealed class OscalRenderer : IReportRenderer
{
    public string Format => "oscal";

    public bool NeedsEvaluation => true;

    public void Render(ReportInput input, Stream output)
    {
        var evaluation = input.Evaluation
            ?? throw new InvalidOperationException("OSCAL assessment results need a policy evaluation (tollgate check --policy …)");
        var ids = new OscalIds(input, evaluation);
        var rules = RuleCatalog.Rules(input);
        // The report time (SOURCE_DATE_EPOCH when set), not the evaluation's clock, so the document is reproducible.
        var start = Timestamp(input.GeneratedAt);

        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("assessment-results");
        w.WriteString("uuid", ids.Document);
        WriteMetadata(w, input, evaluation);
        w.WriteStartObject("import-ap");
        w.WriteString("href", "#" + ids.Bundle);
        w.WriteString("remarks", "No separate assessment plan: the policy bundle in back-matter defines what was assessed.");
        w.WriteEndObject();
        w.WriteStartArray("results");
        w.WriteStartObject();
        w.WriteString("uuid", ids.Result);
        w.WriteString("title", $"Policy evaluation of {input.ImageName}");
        w.WriteString("description", $"Tollgate evaluated {input.ImageName} against policy bundle {evaluation.BundleName ?? evaluation.BundleId}: "
            + $"{evaluation.FinalAction} ({evaluation.FinalActionReason}).");
        w.WriteString("start", start);
        w.WriteString("end", start);
        OscalProps.Write(w, [
            ("final-action", evaluation.FinalAction),
            ("final-action-reason", evaluation.FinalActionReason),
            ("policy-action", evaluation.PolicyAction),
            ("tag", evaluation.Tag),
        ]);
        OscalSubjects.WriteLocalDefinitions(w, input, ids);
        WriteReviewedControls(w, rules);
        OscalObservations.Write(w, input, ids, start);
        OscalFindings.Write(w, input, rules, ids);
        if (evaluation.Problems.Count > 0)
        {
            w.WriteString("remarks", string.Join("\n", evaluation.Problems.Select(p => $"{p.Severity}: {p.ProblemType}: {p.Details}")));
        }

        w.WriteEndObject();
        w.WriteEndArray();
        WriteBackMatter(w, evaluation, ids);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>OSCAL date-times need a zone and whole seconds read most widely.</summary>
    internal static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteMetadata(Utf8JsonWriter w, ReportInput input, Evaluation evaluation)
    {
        w.WriteStartObject("metadata");
        w.WriteString("title", $"Tollgate assessment of {input.ImageName} against {evaluation.BundleName ?? evaluation.BundleId}");
        w.WriteString("last-modified", Timestamp(input.GeneratedAt));
        w.WriteString("version", input.ToolVersion);
        w.WriteString("oscal-version", "1.1.2");
        w.WriteEndObject();
    }

    private static void WriteReviewedControls(Utf8JsonWriter w, IReadOnlyList<ReportRule> rules)
    {
        var controls = rules.SelectMany(r => r.Controls.Nist).Select(OscalControlId.Parse).OfType<OscalControlId>()
            .GroupBy(c => c.ControlId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        w.WriteStartObject("reviewed-controls");
        w.WriteStartArray("control-selections");
        w.WriteStartObject();
        if (controls.Count == 0)
        {
            // A bundle without NIST mappings still reviewed something; OSCAL says so with include-all.
            w.WriteStartObject("include-all");
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("include-controls");
            foreach (var control in controls)
            {
                w.WriteStartObject();
                w.WriteString("control-id", control.Key);
                var statements = control.Select(c => c.StatementId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if (statements.Count > 0)
                {
                    w.WriteStartArray("statement-ids");
                    statements.ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteBackMatter(Utf8JsonWriter w, Evaluation evaluation, OscalIds ids)
    {
        w.WriteStartObject("back-matter");
        w.WriteStartArray("resources");
        w.WriteStartObject();
        w.WriteString("uuid", ids.Bundle);
        w.WriteString("title", $"Policy bundle {evaluation.BundleName ?? evaluation.BundleId}");
        w.WriteString("description", "The Anchore-compatible policy bundle Tollgate evaluated; its rules are the assessment's tests.");
        OscalProps.Write(w, [
            ("bundle-id", evaluation.BundleId),
            ("mapping", evaluation.MatchedMappingName ?? evaluation.MatchedMappingId),
            .. evaluation.Policies.Select(p => ("policy", (string?)$"{p.PolicyName ?? p.PolicyId}: {p.Action}")),
        ]);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
