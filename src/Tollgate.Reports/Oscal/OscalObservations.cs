using System.Globalization;
using System.Text.Json;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Oscal;

/// <summary>One OSCAL observation per policy finding: what the test saw, on which subject, with the evidence path.</summary>
internal static class OscalObservations
{
    public static void Write(Utf8JsonWriter w, ReportInput input, OscalIds ids, string collected)
    {
        var findings = input.VisibleFindings;
        if (findings.Count == 0)
        {
            return;
        }

        w.WriteStartArray("observations");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("uuid", ids.Observation(f));
            w.WriteString("title", $"{f.Gate} {f.Trigger}: {f.Action}");
            w.WriteString("description", f.Message);
            OscalProps.Write(w, [
                ("gate", f.Gate),
                ("trigger", f.Trigger),
                ("trigger-id", f.TriggerId),
                ("stable-id", f.StableId),
                ("action", f.Action),
                ("rule-action", f.RuleAction),
                ("policy-id", f.PolicyId),
                ("rule-id", f.RuleId),
                ("allowlisted-by", f.AllowlistedBy is { } a ? $"{a.WhitelistId}/{a.ItemId}" : null),
                ("inherited", f.Inherited ? "true" : null),
                ("trigger-failed", f.Failed ? "true" : null),
            ]);
            w.WriteStartArray("methods");
            w.WriteStringValue("TEST");
            w.WriteEndArray();
            w.WriteStartArray("types");
            w.WriteStringValue("finding");
            w.WriteEndArray();
            OscalFindings.WriteOrigin(w, ids);
            OscalSubjects.WriteSubjects(w, input, ids, f);
            if (f.Path is not null)
            {
                w.WriteStartArray("relevant-evidence");
                w.WriteStartObject();
                w.WriteString("description", f.Layer is int layer
                    ? string.Create(CultureInfo.InvariantCulture, $"{f.Path} in the image (layer {layer})")
                    : $"{f.Path} in the image");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteString("collected", collected);
            if (f.Remediation.Length > 0)
            {
                w.WriteString("remarks", f.Remediation);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
