using System.Text;
using System.Text.Json;

namespace Tollgate.Sbom.Spdx;

/// <summary>SPDX 2.3 JSON, written with Utf8JsonWriter so property order is fixed (byte-identical output for the same input).</summary>
public static class SpdxJsonWriter
{
    public static void Write(SpdxDocument doc, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("spdxVersion", doc.SpdxVersion);
        w.WriteString("dataLicense", doc.DataLicense);
        w.WriteString("SPDXID", doc.SpdxId);
        w.WriteString("name", doc.Name);
        w.WriteString("documentNamespace", doc.DocumentNamespace);
        w.WriteStartObject("creationInfo");
        WriteOptional(w, "licenseListVersion", doc.LicenseListVersion);
        w.WriteStartArray("creators");
        foreach (var c in doc.Creators)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteString("created", doc.Created);
        w.WriteEndObject();
        WriteOptional(w, "comment", doc.Comment);
        WriteObjects(w, "packages", doc.Packages, p => WritePackage(w, p), omitWhenEmpty: false);
        WriteObjects(w, "hasExtractedLicensingInfos", doc.ExtractedLicenses, l =>
        {
            w.WriteString("licenseId", l.LicenseId);
            w.WriteString("extractedText", l.ExtractedText);
            WriteOptional(w, "name", l.Name);
        });
        WriteObjects(w, "relationships", doc.Relationships, r =>
        {
            w.WriteString("spdxElementId", r.Element);
            w.WriteString("relationshipType", r.Type);
            w.WriteString("relatedSpdxElement", r.Related);
        }, omitWhenEmpty: false);
        w.WriteEndObject();
    }

    public static string WriteToString(SpdxDocument doc)
    {
        using var ms = new MemoryStream();
        Write(doc, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WritePackage(Utf8JsonWriter w, SpdxPackage p)
    {
        w.WriteString("name", p.Name);
        w.WriteString("SPDXID", p.SpdxId);
        WriteOptional(w, "versionInfo", p.VersionInfo);
        WriteOptional(w, "supplier", p.Supplier);
        w.WriteString("downloadLocation", p.DownloadLocation);
        w.WriteBoolean("filesAnalyzed", p.FilesAnalyzed);
        WriteObjects(w, "checksums", p.Checksums, c =>
        {
            w.WriteString("algorithm", c.Algorithm);
            w.WriteString("checksumValue", c.Value);
        });
        WriteOptional(w, "sourceInfo", p.SourceInfo);
        w.WriteString("licenseConcluded", p.LicenseConcluded);
        w.WriteString("licenseDeclared", p.LicenseDeclared);
        w.WriteString("copyrightText", p.CopyrightText);
        WriteOptional(w, "comment", p.Comment);
        WriteObjects(w, "externalRefs", p.ExternalRefs, r =>
        {
            w.WriteString("referenceCategory", r.Category);
            w.WriteString("referenceType", r.Type);
            w.WriteString("referenceLocator", r.Locator);
        });
        WriteOptional(w, "primaryPackagePurpose", p.PrimaryPackagePurpose);
    }

    // SPDX leaves optional fields out rather than writing null.
    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>An array of objects; optional lists are left out when empty, required ones are written as [].</summary>
    private static void WriteObjects<T>(Utf8JsonWriter w, string name, IReadOnlyCollection<T> items, Action<T> writeFields, bool omitWhenEmpty = true)
    {
        if (omitWhenEmpty && items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            writeFields(item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
