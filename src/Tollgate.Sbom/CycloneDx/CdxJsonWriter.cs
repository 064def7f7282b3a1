using System.Text;
using System.Text.Json;

namespace Tollgate.Sbom.CycloneDx;

/// <summary>CycloneDX JSON (1.5 or 1.6) with a fixed property order, so the same input gives byte-identical output.</summary>
public static class CdxJsonWriter
{
    public static void Write(CdxBom bom, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("$schema", $"http://cyclonedx.org/schema/bom-{bom.SpecVersion}.schema.json");
        w.WriteString("bomFormat", "CycloneDX");
        w.WriteString("specVersion", bom.SpecVersion);
        w.WriteString("serialNumber", bom.SerialNumber);
        w.WriteNumber("version", 1);
        w.WriteStartObject("metadata");
        w.WriteString("timestamp", bom.Timestamp);
        w.WriteStartObject("tools");
        w.WriteStartArray("components");
        w.WriteStartObject();
        w.WriteString("type", "application");
        w.WriteString("name", bom.ToolName);
        w.WriteString("version", bom.ToolVersion);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WritePropertyName("component");
        WriteComponent(w, bom.Subject);
        w.WriteEndObject();

        w.WriteStartArray("components");
        foreach (var c in bom.Components)
        {
            WriteComponent(w, c);
        }

        w.WriteEndArray();
        w.WriteStartArray("dependencies");
        foreach (var d in bom.Dependencies)
        {
            w.WriteStartObject();
            w.WriteString("ref", d.Ref);
            w.WriteStartArray("dependsOn");
            foreach (var on in d.DependsOn)
            {
                w.WriteStringValue(on);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (bom.Vulnerabilities.Count > 0)
        {
            w.WriteStartArray("vulnerabilities");
            foreach (var v in bom.Vulnerabilities)
            {
                WriteVulnerability(w, v);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static string WriteToString(CdxBom bom)
    {
        using var ms = new MemoryStream();
        Write(bom, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteComponent(Utf8JsonWriter w, CdxComponent c)
    {
        w.WriteStartObject();
        w.WriteString("type", c.Type);
        w.WriteString("bom-ref", c.BomRef);
        Optional(w, "publisher", c.Publisher);
        Optional(w, "group", c.Group);
        w.WriteString("name", c.Name);
        Optional(w, "version", c.Version);
        if (c.Hashes.Count > 0)
        {
            w.WriteStartArray("hashes");
            foreach (var (alg, content) in c.Hashes)
            {
                w.WriteStartObject();
                w.WriteString("alg", alg);
                w.WriteString("content", content);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (c.LicenseExpression is not null || c.Licenses.Count > 0)
        {
            w.WriteStartArray("licenses");
            if (c.LicenseExpression is not null)
            {
                w.WriteStartObject();
                w.WriteString("expression", c.LicenseExpression);
                w.WriteEndObject();
            }

            foreach (var l in c.Licenses)
            {
                w.WriteStartObject();
                w.WriteStartObject("license");
                Optional(w, "id", l.Id);
                Optional(w, "name", l.Name);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        Optional(w, "cpe", c.Cpe);
        Optional(w, "purl", c.Purl);
        WriteProperties(w, c.Properties);
        if (c.Children.Count > 0)
        {
            w.WriteStartArray("components");
            foreach (var child in c.Children)
            {
                WriteComponent(w, child);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteVulnerability(Utf8JsonWriter w, CdxVulnerability v)
    {
        w.WriteStartObject();
        w.WriteString("bom-ref", v.BomRef);
        w.WriteString("id", v.Id);
        if (v.SourceName is not null)
        {
            w.WriteStartObject("source");
            w.WriteString("name", v.SourceName);
            Optional(w, "url", v.SourceUrl);
            w.WriteEndObject();
        }

        w.WriteStartArray("ratings");
        foreach (var r in v.Ratings)
        {
            w.WriteStartObject();
            if (r.SourceName is not null)
            {
                w.WriteStartObject("source");
                w.WriteString("name", r.SourceName);
                w.WriteEndObject();
            }

            if (r.Score is { } score)
            {
                w.WriteNumber("score", score);
            }

            w.WriteString("severity", r.Severity);
            Optional(w, "method", r.Method);
            Optional(w, "vector", r.Vector);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Optional(w, "description", v.Description);
        Optional(w, "recommendation", v.Recommendation);
        if (v.AdvisoryUrls.Count > 0)
        {
            w.WriteStartArray("advisories");
            foreach (var url in v.AdvisoryUrls)
            {
                w.WriteStartObject();
                w.WriteString("url", url);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        Optional(w, "published", v.Published);
        if (v.AnalysisState is not null)
        {
            w.WriteStartObject("analysis");
            w.WriteString("state", v.AnalysisState);
            Optional(w, "detail", v.AnalysisDetail);
            w.WriteEndObject();
        }

        w.WriteStartArray("affects");
        foreach (var (reference, version, status) in v.Affects)
        {
            w.WriteStartObject();
            w.WriteString("ref", reference);
            w.WriteStartArray("versions");
            w.WriteStartObject();
            w.WriteString("version", version);
            w.WriteString("status", status);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteProperties(w, v.Properties);
        w.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter w, IReadOnlyList<(string Name, string Value)> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        w.WriteStartArray("properties");
        foreach (var (name, value) in properties)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
