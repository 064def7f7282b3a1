using System.Text;
using System.Xml;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Stig;

/// <summary>DISA STIG Viewer checklist (.ckl XML, STIG Viewer 2.x layout): one VULN per pack rule.</summary>
public sealed class CklRenderer : IReportRenderer
{
    public string Format => "ckl";

    public void Render(ReportInput input, Stream output)
    {
        var items = ChecklistItems.From(input);
        using var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, IndentChars = "\t", Encoding = new UTF8Encoding(false) });
        w.WriteStartDocument();
        w.WriteComment("DISA STIG Viewer :: 2.17");
        w.WriteStartElement("CHECKLIST");
        w.WriteStartElement("ASSET");
        foreach (var (name, value) in Asset(input))
        {
            w.WriteElementString(name, value);
        }

        w.WriteEndElement();
        w.WriteStartElement("STIGS");
        w.WriteStartElement("iSTIG");
        w.WriteStartElement("STIG_INFO");
        foreach (var (name, value) in StigInfo(input))
        {
            w.WriteStartElement("SI_DATA");
            w.WriteElementString("SID_NAME", name);
            w.WriteElementString("SID_DATA", value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        foreach (var item in items)
        {
            w.WriteStartElement("VULN");
            foreach (var (attribute, data) in Attributes(item))
            {
                w.WriteStartElement("STIG_DATA");
                w.WriteElementString("VULN_ATTRIBUTE", attribute);
                w.WriteElementString("ATTRIBUTE_DATA", data);
                w.WriteEndElement();
            }

            w.WriteElementString("STATUS", item.Status);
            w.WriteElementString("FINDING_DETAILS", item.FindingDetails);
            w.WriteElementString("COMMENTS", item.Nist.Count > 0 ? "NIST SP 800-53: " + string.Join(", ", item.Nist) : "");
            w.WriteElementString("SEVERITY_OVERRIDE", "");
            w.WriteElementString("SEVERITY_JUSTIFICATION", "");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    internal static IEnumerable<(string, string)> Asset(ReportInput input) =>
    [
        ("ROLE", "None"), ("ASSET_TYPE", "Computing"), ("MARKING", "CUI"), ("HOST_NAME", input.ImageName), ("HOST_IP", ""),
        ("HOST_MAC", ""), ("HOST_FQDN", ""), ("TARGET_COMMENT", input.Analysis.Image.ManifestDigest ?? ""), ("TECH_AREA", ""),
        ("TARGET_KEY", ""), ("WEB_OR_DATABASE", "false"), ("WEB_DB_SITE", ""), ("WEB_DB_INSTANCE", ""),
    ];

    internal static IEnumerable<(string, string)> StigInfo(ReportInput input) =>
    [
        ("version", input.Bundle?.Version ?? "1"), ("classification", "UNCLASSIFIED"), ("customname", ""),
        ("stigid", "TOLLGATE_" + (input.Evaluation?.BundleId ?? "policy").ToUpperInvariant().Replace('-', '_')),
        ("description", input.Bundle?.Description ?? input.Bundle?.Comment ?? "Tollgate policy evaluation"),
        ("filename", (input.Evaluation?.BundleId ?? "policy") + ".json"), ("releaseinfo", $"Tollgate {input.ToolVersion}"),
        ("title", input.Evaluation?.BundleName ?? input.Evaluation?.BundleId ?? "Tollgate policy"),
        ("uuid", input.Evaluation?.BundleId ?? ""), ("notice", "terms-of-use"), ("source", "Tollgate"),
    ];

    private static IEnumerable<(string, string)> Attributes(ChecklistItem item) =>
    [
        ("Vuln_Num", item.VulnNum), ("Severity", item.Severity), ("Group_Title", item.GroupTitle), ("Rule_ID", item.RuleId),
        ("Rule_Ver", item.RuleVersion), ("Rule_Title", item.Title), ("Vuln_Discuss", item.Title), ("IA_Controls", ""),
        ("Check_Content", item.CheckContent), ("Fix_Text", item.FixText), ("False_Positives", ""), ("False_Negatives", ""),
        ("Documentable", "false"), ("Mitigations", ""), ("Potential_Impact", ""), ("Third_Party_Tools", "Tollgate"),
        ("Mitigation_Control", ""), ("Responsibility", ""), ("Security_Override_Guidance", ""), ("Check_Content_Ref", "M"),
        ("Weight", "10.0"), ("Class", "Unclass"), ("STIGRef", item.GroupTitle), ("TargetKey", ""), ("STIG_UUID", item.Uuid),
        .. item.Ccis.Select(c => ("CCI_REF", c)),
    ];
}
