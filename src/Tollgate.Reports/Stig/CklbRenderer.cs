using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Stig;

/// <summary>STIG Viewer 3 checklist (.cklb JSON): the same items as .ckl with cklb's field names and status spellings.</summary>
public sealed class CklbRenderer : IReportRenderer
{
    public string Format => "cklb";

    public void Render(ReportInput input, Stream output)
    {
        var items = ChecklistItems.From(input);
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(input.ImageName + input.Evaluation?.BundleId))[..16]).ToString();
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("title", $"Tollgate {input.Evaluation?.BundleId ?? "policy"} - {input.ImageName}");
        w.WriteString("id", id);
        w.WriteStartArray("stigs");
        w.WriteStartObject();
        w.WriteString("stig_name", input.Evaluation?.BundleName ?? input.Evaluation?.BundleId ?? "Tollgate policy");
        w.WriteString("display_name", input.Evaluation?.BundleId ?? "policy");
        w.WriteString("stig_id", "TOLLGATE_" + (input.Evaluation?.BundleId ?? "policy").ToUpperInvariant().Replace('-', '_'));
        w.WriteString("release_info", $"Tollgate {input.ToolVersion}");
        w.WriteString("version", input.Bundle?.Version ?? "1");
        w.WriteString("uuid", id);
        w.WriteNumber("size", items.Count);
        w.WriteStartArray("rules");
        foreach (var item in items)
        {
            w.WriteStartObject();
            w.WriteString("uuid", item.Uuid);
            w.WriteString("group_id", item.VulnNum);
            w.WriteString("group_id_src", item.VulnNum);
            w.WriteString("rule_id", item.RuleId.Replace("_rule", ""));
            w.WriteString("rule_id_src", item.RuleId);
            w.WriteString("rule_version", item.RuleVersion);
            w.WriteString("rule_title", item.Title);
            w.WriteString("severity", item.Severity);
            w.WriteString("group_title", item.GroupTitle);
            w.WriteString("discussion", item.Title);
            w.WriteString("check_content", item.CheckContent);
            w.WriteString("fix_text", item.FixText);
            w.WriteString("weight", "10.0");
            w.WriteString("classification", "Unclass");
            w.WriteStartArray("ccis");
            foreach (var cci in item.Ccis)
            {
                w.WriteStringValue(cci);
            }

            w.WriteEndArray();
            w.WriteStartArray("legacy_ids");
            w.WriteEndArray();
            w.WriteString("status", item.Status switch
            {
                "NotAFinding" => "not_a_finding",
                "Open" => "open",
                "Not_Applicable" => "not_applicable",
                _ => "not_reviewed",
            });
            w.WriteString("finding_details", item.FindingDetails);
            w.WriteString("comments", item.Nist.Count > 0 ? "NIST SP 800-53: " + string.Join(", ", item.Nist) : "");
            w.WriteStartObject("overrides");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteBoolean("active", true);
        w.WriteNumber("mode", 2);
        w.WriteBoolean("has_path", false);
        w.WriteStartObject("target_data");
        w.WriteString("target_type", "Computing");
        w.WriteString("host_name", input.ImageName);
        w.WriteString("ip_address", "");
        w.WriteString("mac_address", "");
        w.WriteString("fqdn", "");
        w.WriteString("comments", input.Analysis.Image.ManifestDigest ?? "");
        w.WriteString("role", "None");
        w.WriteBoolean("is_web_database", false);
        w.WriteString("technology_area", "");
        w.WriteString("web_db_site", "");
        w.WriteString("web_db_instance", "");
        w.WriteEndObject();
        w.WriteString("cklb_version", "1.0");
        w.WriteEndObject();
    }
}
