using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Analysis.Model;

namespace Tollgate.Sbom.CycloneDx;

/// <summary>
/// A CycloneDX 1.6 JSON BOM of the analysis: the image as metadata component, the distro as an operating-system
/// component, every package as a library with its purl, CPE and licenses, and depends-on edges. The serial number
/// is derived from the image and analysis time, so the same analysis always yields the same BOM.
/// </summary>
public static class CycloneDxJson
{
    public const string FormatName = "cyclonedx-json";
    public const string SpecVersion = "1.6";

    public static void Write(ImageAnalysis analysis, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", SpecVersion);
        json.WriteString("serialNumber", SerialNumber(analysis));
        json.WriteNumber("version", 1);
        WriteMetadata(json, analysis);

        json.WriteStartArray("components");
        if (analysis.Distro is { } distro)
        {
            json.WriteStartObject();
            json.WriteString("type", "operating-system");
            json.WriteString("bom-ref", "os:" + distro.Id);
            json.WriteString("name", distro.Id);
            WriteIfSet(json, "version", distro.VersionId);
            WriteIfSet(json, "description", distro.PrettyName);
            json.WriteEndObject();
        }

        foreach (var package in analysis.Packages)
        {
            WritePackage(json, package);
        }

        json.WriteEndArray();
        WriteDependencies(json, analysis);
        json.WriteEndObject();
    }

    public static void Write(ImageAnalysis analysis, TextWriter output)
    {
        using var buffer = new MemoryStream();
        Write(analysis, buffer);
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteMetadata(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        json.WriteStartObject("metadata");
        json.WriteString("timestamp", analysis.AnalyzedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"));
        json.WriteStartObject("tools");
        json.WriteStartArray("components");
        json.WriteStartObject();
        json.WriteString("type", "application");
        json.WriteString("name", "tollgate");
        json.WriteString("version", typeof(CycloneDxJson).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("component");
        json.WriteString("type", "container");
        json.WriteString("bom-ref", "image");
        json.WriteString("name", analysis.Image.Tags.FirstOrDefault() ?? analysis.Image.Source);
        WriteIfSet(json, "version", analysis.Image.ManifestDigest);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter json, Package package)
    {
        json.WriteStartObject();
        json.WriteString("type", "library");
        json.WriteString("bom-ref", package.Id);
        WriteIfSet(json, "publisher", package.Supplier);
        json.WriteString("name", package.Name);
        json.WriteString("version", package.Version);
        if (package.Licenses.Count > 0)
        {
            WriteLicenses(json, package.Licenses);
        }

        WriteIfSet(json, "cpe", package.Cpes.FirstOrDefault());
        WriteIfSet(json, "purl", package.Purl);
        json.WriteStartArray("properties");
        WriteProperty(json, "tollgate:package:type", package.Type);
        WriteProperty(json, "tollgate:package:foundBy", package.FoundBy);
        foreach (var location in package.Locations)
        {
            WriteProperty(json, "tollgate:location", $"{location.Path}@{location.Layer}");
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // CycloneDX allows either license choices or a single expression; a package with one recognised expression gets
    // it as such, otherwise each statement is a license with an SPDX id or, unrecognised, a name.
    private static void WriteLicenses(Utf8JsonWriter json, IReadOnlyList<LicenseInfo> licenses)
    {
        json.WriteStartArray("licenses");
        var distinct = licenses.DistinctBy(l => l.SpdxExpression ?? l.Value).ToList();
        if (distinct.Count == 1 && distinct[0].SpdxExpression is { } single && IsExpression(single))
        {
            json.WriteStartObject();
            json.WriteString("expression", single);
            json.WriteEndObject();
        }
        else
        {
            foreach (var license in distinct)
            {
                json.WriteStartObject();
                json.WriteStartObject("license");
                if (license.SpdxExpression is { } id && !IsExpression(id) && !id.StartsWith("LicenseRef-", StringComparison.Ordinal))
                {
                    json.WriteString("id", id);
                }
                else
                {
                    json.WriteString("name", license.SpdxExpression ?? license.Value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
    }

    private static bool IsExpression(string spdx) => spdx.Contains(' ') || spdx.Contains('(');

    private static void WriteDependencies(Utf8JsonWriter json, ImageAnalysis analysis)
    {
        var ids = analysis.Packages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var edges = analysis.Relationships.Where(r => r.Type == RelationshipTypes.DependsOn && ids.Contains(r.From) && ids.Contains(r.To))
            .GroupBy(r => r.From, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.To).Distinct().Order(StringComparer.Ordinal).ToList());
        json.WriteStartArray("dependencies");
        foreach (var package in analysis.Packages)
        {
            json.WriteStartObject();
            json.WriteString("ref", package.Id);
            json.WriteStartArray("dependsOn");
            foreach (var to in edges.GetValueOrDefault(package.Id) ?? [])
            {
                json.WriteStringValue(to);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static string SerialNumber(ImageAnalysis analysis)
    {
        var key = $"{analysis.Image.ManifestDigest ?? analysis.Image.Source}\n{analysis.AnalyzedAt:O}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 4122 layout, version 5-style (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
