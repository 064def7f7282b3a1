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

        List(w, ns, "components", bom.Components, c => WriteComponent(w, ns, c), omitWhenEmpty: false);
        List(w, ns, "dependencies", bom.Dependencies, d =>
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
        }, omitWhenEmpty: false);
        List(w, ns, "vulnerabilities", bom.Vulnerabilities, v => WriteVulnerability(w, ns, v));
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
        List(w, ns, "hashes", c.Hashes, h => Text(w, ns, "hash", "alg", h.Alg, h.Content));
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
        List(w, ns, "properties", c.Properties, p => Text(w, ns, "property", "name", p.Name, p.Value));
        List(w, ns, "components", c.Children, child => WriteComponent(w, ns, child));
        w.WriteEndElement();
    }

    private static void WriteVulnerability(XmlWriter w, string ns, CdxVulnerability v)
    {
        w.WriteStartElement("vulnerability", ns);
        w.WriteAttributeString("bom-ref", v.BomRef);
        w.WriteElementString("id", ns, v.Id);
        WriteSource(w, ns, v.SourceName, v.SourceUrl);
        List(w, ns, "ratings", v.Ratings, r =>
        {
            w.WriteStartElement("rating", ns);
            WriteSource(w, ns, r.SourceName, url: null);
            Optional(w, ns, "score", r.Score?.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("severity", ns, r.Severity);
            Optional(w, ns, "method", r.Method);
            Optional(w, ns, "vector", r.Vector);
            w.WriteEndElement();
        }, omitWhenEmpty: false);
        Optional(w, ns, "description", v.Description);
        Optional(w, ns, "recommendation", v.Recommendation);
        List(w, ns, "advisories", v.AdvisoryUrls, url =>
        {
            w.WriteStartElement("advisory", ns);
            w.WriteElementString("url", ns, url);
            w.WriteEndElement();
        });
        Optional(w, ns, "published", v.Published);
        if (v.AnalysisState is not null)
        {
            w.WriteStartElement("analysis", ns);
            w.WriteElementString("state", ns, v.AnalysisState);
            Optional(w, ns, "detail", v.AnalysisDetail);
            w.WriteEndElement();
        }

        List(w, ns, "affects", v.Affects, a =>
        {
            w.WriteStartElement("target", ns);
            w.WriteElementString("ref", ns, a.Ref);
            w.WriteStartElement("versions", ns);
            w.WriteStartElement("version", ns);
            w.WriteElementString("version", ns, a.Version);
            w.WriteElementString("status", ns, a.Status);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }, omitWhenEmpty: false);
        List(w, ns, "properties", v.Properties, p => Text(w, ns, "property", "name", p.Name, p.Value));
        w.WriteEndElement();
    }

    private static void WriteSource(XmlWriter w, string ns, string? name, string? url)
    {
        if (name is null)
        {
            return;
        }

        w.WriteStartElement("source", ns);
        w.WriteElementString("name", ns, name);
        Optional(w, ns, "url", url);
        w.WriteEndElement();
    }

    /// <summary>A wrapper element around one child per item; optional lists are left out when empty.</summary>
    private static void List<T>(XmlWriter w, string ns, string name, IReadOnlyCollection<T> items, Action<T> writeItem, bool omitWhenEmpty = true)
    {
        if (omitWhenEmpty && items.Count == 0)
        {
            return;
        }

        w.WriteStartElement(name, ns);
        foreach (var item in items)
        {
            writeItem(item);
        }

        w.WriteEndElement();
    }

    /// <summary>An element with one attribute and text content (hash alg, property name).</summary>
    private static void Text(XmlWriter w, string ns, string element, string attribute, string attributeValue, string text)
    {
        w.WriteStartElement(element, ns);
        w.WriteAttributeString(attribute, attributeValue);
        w.WriteString(text);
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
