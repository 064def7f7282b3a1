using System.Globalization;
using System.Text;
using System.Xml;

namespace Tollgate.Sbom.CycloneDx;

/// <summary>CycloneDX XML (1.5 or 1.6), elements in the order the XSD's sequences require.</summary>
public static class CdxXmlWriter
{
    public static void Write(CdxBom bom, Stream output)
    {
        var ns = $"http://cyclonedx.org/schema/bom/{bom.SpecVersion}";
        using var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        w.WriteStartDocument();
        w.WriteStartElement("bom", ns);
        w.WriteAttributeString("serialNumber", bom.SerialNumber);
        w.WriteAttributeString("version", "1");
        w.WriteStartElement("metadata", ns);
        w.WriteElementString("timestamp", ns, bom.Timestamp);
        w.WriteStartElement("tools", ns);
        w.WriteStartElement("components", ns);
        w.WriteStartElement("component", ns);
        w.WriteAttributeString("type", "application");
        w.WriteElementString("name", ns, bom.ToolName);
        w.WriteElementString("version", ns, bom.ToolVersion);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        WriteComponent(w, ns, bom.Subject);
        w.WriteEndElement();

        w.WriteStartElement("components", ns);
        foreach (var c in bom.Components)
        {
            WriteComponent(w, ns, c);
        }

        w.WriteEndElement();
        w.WriteStartElement("dependencies", ns);
        foreach (var d in bom.Dependencies)
        {
            w.WriteStartElement("dependency", ns);
            w.WriteAttributeString("ref", d.Ref);
            foreach (var on in d.DependsOn)
            {
                w.WriteStartElement("dependency", ns);
                w.WriteAttributeString("ref", on);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        if (bom.Vulnerabilities.Count > 0)
        {
            w.WriteStartElement("vulnerabilities", ns);
            foreach (var v in bom.Vulnerabilities)
            {
                WriteVulnerability(w, ns, v);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    public static string WriteToString(CdxBom bom)
    {
        using var ms = new MemoryStream();
        Write(bom, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteComponent(XmlWriter w, string ns, CdxComponent c)
    {
        w.WriteStartElement("component", ns);
        w.WriteAttributeString("type", c.Type);
        w.WriteAttributeString("bom-ref", c.BomRef);
        Optional(w, ns, "publisher", c.Publisher);
        Optional(w, ns, "group", c.Group);
        w.WriteElementString("name", ns, c.Name);
        Optional(w, ns, "version", c.Version);
        if (c.Hashes.Count > 0)
        {
            w.WriteStartElement("hashes", ns);
            foreach (var (alg, content) in c.Hashes)
            {
                w.WriteStartElement("hash", ns);
                w.WriteAttributeString("alg", alg);
                w.WriteString(content);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        if (c.LicenseExpression is not null || c.Licenses.Count > 0)
        {
            w.WriteStartElement("licenses", ns);
            Optional(w, ns, "expression", c.LicenseExpression);
            foreach (var l in c.Licenses)
            {
                w.WriteStartElement("license", ns);
                Optional(w, ns, "id", l.Id);
                Optional(w, ns, "name", l.Name);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        Optional(w, ns, "cpe", c.Cpe);
        Optional(w, ns, "purl", c.Purl);
        WriteProperties(w, ns, c.Properties);
        if (c.Children.Count > 0)
        {
            w.WriteStartElement("components", ns);
            foreach (var child in c.Children)
            {
                WriteComponent(w, ns, child);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteVulnerability(XmlWriter w, string ns, CdxVulnerability v)
    {
        w.WriteStartElement("vulnerability", ns);
        w.WriteAttributeString("bom-ref", v.BomRef);
        w.WriteElementString("id", ns, v.Id);
        if (v.SourceName is not null)
        {
            w.WriteStartElement("source", ns);
            w.WriteElementString("name", ns, v.SourceName);
            Optional(w, ns, "url", v.SourceUrl);
            w.WriteEndElement();
        }

        w.WriteStartElement("ratings", ns);
        foreach (var r in v.Ratings)
        {
            w.WriteStartElement("rating", ns);
            if (r.SourceName is not null)
            {
                w.WriteStartElement("source", ns);
                w.WriteElementString("name", ns, r.SourceName);
                w.WriteEndElement();
            }

            Optional(w, ns, "score", r.Score?.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("severity", ns, r.Severity);
            Optional(w, ns, "method", r.Method);
            Optional(w, ns, "vector", r.Vector);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        Optional(w, ns, "description", v.Description);
        Optional(w, ns, "recommendation", v.Recommendation);
        if (v.AdvisoryUrls.Count > 0)
        {
            w.WriteStartElement("advisories", ns);
            foreach (var url in v.AdvisoryUrls)
            {
                w.WriteStartElement("advisory", ns);
                w.WriteElementString("url", ns, url);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        Optional(w, ns, "published", v.Published);
        if (v.AnalysisState is not null)
        {
            w.WriteStartElement("analysis", ns);
            w.WriteElementString("state", ns, v.AnalysisState);
            Optional(w, ns, "detail", v.AnalysisDetail);
            w.WriteEndElement();
        }

        w.WriteStartElement("affects", ns);
        foreach (var (reference, version, status) in v.Affects)
        {
            w.WriteStartElement("target", ns);
            w.WriteElementString("ref", ns, reference);
            w.WriteStartElement("versions", ns);
            w.WriteStartElement("version", ns);
            w.WriteElementString("version", ns, version);
            w.WriteElementString("status", ns, status);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        WriteProperties(w, ns, v.Properties);
        w.WriteEndElement();
    }

    private static void WriteProperties(XmlWriter w, string ns, IReadOnlyList<(string Name, string Value)> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        w.WriteStartElement("properties", ns);
        foreach (var (name, value) in properties)
        {
            w.WriteStartElement("property", ns);
            w.WriteAttributeString("name", name);
            w.WriteString(value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void Optional(XmlWriter w, string ns, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteElementString(name, ns, value);
        }
    }
}
