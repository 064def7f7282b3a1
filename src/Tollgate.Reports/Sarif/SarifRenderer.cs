using System.Text.Json;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Reports.Sarif;

/// <summary>
/// SARIF 2.1.0: one rule per vulnerability id and per policy gate/trigger (with help text and controls), one result per
/// match or finding, located at the file in the image (or the Dockerfile line when a Dockerfile was given).
/// </summary>
public sealed class SarifRenderer : IReportRenderer
{
    public string Format => "sarif";

    public void Render(ReportInput input, Stream output)
    {
        var dockerfileLines = input.DockerfilePath is { } df && File.Exists(df) ? File.ReadAllLines(df) : null;
        var vulnRules = input.VisibleMatches.GroupBy(m => m.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var policyRules = input.VisibleFindings.GroupBy(f => $"{f.Gate}.{f.Trigger}", StringComparer.Ordinal).Select(g => g.First()).ToList();
        var ruleIndex = vulnRules.Select(v => v.Id).Concat(policyRules.Select(f => $"{f.Gate}.{f.Trigger}"))
            .Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "tollgate");
        w.WriteString("version", input.ToolVersion);
        w.WriteString("informationUri", "https://github.com/tollgate/tollgate");
        w.WriteStartArray("rules");
        foreach (var v in vulnRules)
        {
            WriteRule(w, v.Id, v.Title ?? v.Id, VulnHelp(v), Level(v.Severity), SecuritySeverity(v), ["vulnerability", "security", v.Severity.ToLowerInvariant()]);
        }

        foreach (var f in policyRules)
        {
            WriteRule(w, $"{f.Gate}.{f.Trigger}", $"{f.Gate} {f.Trigger}", PolicyHelp(f), Level(f.RuleAction), null,
                ["policy", f.Gate, .. f.Controls.Nist.Select(n => "NIST-800-53:" + n)]);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var m in input.VisibleMatches)
        {
            WriteResult(w, m.Id, ruleIndex[m.Id], Level(m.Severity),
                $"{m.Id} in {m.PackageName} {m.PackageVersion} ({m.Severity}; {(m.FixedIn.Count > 0 ? "fixed in " + string.Join(", ", m.FixedIn) : m.FixState)})",
                ReportLocations.PathOf(m) ?? "/", null, $"{m.Id}:{m.PackageName}:{m.PackageVersion}");
        }

        foreach (var f in input.VisibleFindings)
        {
            var id = $"{f.Gate}.{f.Trigger}";
            var line = ReportLocations.DockerfileLine(f, dockerfileLines);
            var uri = line is not null ? input.DockerfilePath! : f.Path ?? "/";
            WriteResult(w, id, ruleIndex[id], Level(f.Action), f.Message, uri, line, f.TriggerId);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, string id, string name, string help, string level, string? securitySeverity, IEnumerable<string> tags)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("name", name);
        w.WriteStartObject("shortDescription");
        w.WriteString("text", name);
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", help);
        w.WriteString("markdown", help);
        w.WriteEndObject();
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", level);
        w.WriteEndObject();
        w.WriteStartObject("properties");
        if (securitySeverity is not null)
        {
            w.WriteString("security-severity", securitySeverity);
        }

        w.WriteStartArray("tags");
        foreach (var tag in tags.Distinct())
        {
            w.WriteStringValue(tag);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, string ruleId, int index, string level, string message, string path, int? line, string fingerprint)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", ruleId);
        w.WriteNumber("ruleIndex", index);
        w.WriteString("level", level);
        w.WriteStartObject("message");
        w.WriteString("text", message);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        // Image paths are relative to the image root so code-scanning UIs accept them as URIs.
        w.WriteString("uri", path.TrimStart('/') is { Length: > 0 } rel ? rel : ".");
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", line ?? 1);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString("tollgate/v1", fingerprint);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string VulnHelp(VulnerabilityMatch v) =>
        $"{v.Id} ({v.Severity}) affects {v.PackageName} {v.PackageVersion}. " +
        (v.FixedIn.Count > 0 ? $"Upgrade to {string.Join(" or ", v.FixedIn)}." : $"Fix state: {v.FixState}.") +
        (v.Urls.Count > 0 ? " See " + string.Join(", ", v.Urls.Take(3)) : "");

    private static string PolicyHelp(Finding f)
    {
        var controls = f.Controls.Nist.Count > 0 ? $" Controls: NIST SP 800-53 {string.Join(", ", f.Controls.Nist)}" : "";
        var srg = f.Controls.Srg.Count > 0 ? $"; SRG {string.Join(", ", f.Controls.Srg)}" : "";
        return $"{f.Remediation}{controls}{srg}".Trim();
    }

    private static string Level(string severityOrAction) => severityOrAction.ToUpperInvariant() switch
    {
        "CRITICAL" or "HIGH" or PolicyActions.Stop => "error",
        "MEDIUM" or PolicyActions.Warn => "warning",
        _ => "note",
    };

    private static string? SecuritySeverity(VulnerabilityMatch v) => v.CvssScore?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
        ?? Severities.Rank(v.Severity) switch { 5 => "9.0", 4 => "7.0", 3 => "5.0", 2 => "3.0", _ => null };
}
