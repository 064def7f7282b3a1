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
        if (doc.LicenseListVersion is not null)
        {
            w.WriteString("licenseListVersion", doc.LicenseListVersion);
        }

        w.WriteStartArray("creators");
        foreach (var c in doc.Creators)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteString("created", doc.Created);
        w.WriteEndObject();
        if (doc.Comment is not null)
        {
            w.WriteString("comment", doc.Comment);
        }

        w.WriteStartArray("packages");
        foreach (var p in doc.Packages)
        {
            WritePackage(w, p);
        }

        w.WriteEndArray();
        if (doc.ExtractedLicenses.Count > 0)
        {
            w.WriteStartArray("hasExtractedLicensingInfos");
            foreach (var l in doc.ExtractedLicenses)
            {
                w.WriteStartObject();
                w.WriteString("licenseId", l.LicenseId);
                w.WriteString("extractedText", l.ExtractedText);
                if (l.Name is not null)
                {
                    w.WriteString("name", l.Name);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("relationships");
        foreach (var r in doc.Relationships)
        {
            w.WriteStartObject();
            w.WriteString("spdxElementId", r.Element);
            w.WriteString("relationshipType", r.Type);
            w.WriteString("relatedSpdxElement", r.Related);
            w.WriteEndObject();
        }

        w.WriteEndArray();
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
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        w.WriteString("SPDXID", p.SpdxId);
        if (p.VersionInfo is not null)
        {
            w.WriteString("versionInfo", p.VersionInfo);
        }

        if (p.Supplier is not null)
        {
            w.WriteString("supplier", p.Supplier);
        }

        w.WriteString("downloadLocation", p.DownloadLocation);
        w.WriteBoolean("filesAnalyzed", p.FilesAnalyzed);
        if (p.Checksums.Count > 0)
        {
            w.WriteStartArray("checksums");
            foreach (var c in p.Checksums)
            {
                w.WriteStartObject();
                w.WriteString("algorithm", c.Algorithm);
                w.WriteString("checksumValue", c.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (p.SourceInfo is not null)
        {
            w.WriteString("sourceInfo", p.SourceInfo);
        }

        w.WriteString("licenseConcluded", p.LicenseConcluded);
        w.WriteString("licenseDeclared", p.LicenseDeclared);
        w.WriteString("copyrightText", p.CopyrightText);
        if (p.Comment is not null)
        {
            w.WriteString("comment", p.Comment);
        }

        if (p.ExternalRefs.Count > 0)
        {
            w.WriteStartArray("externalRefs");
            foreach (var r in p.ExternalRefs)
            {
                w.WriteStartObject();
                w.WriteString("referenceCategory", r.Category);
                w.WriteString("referenceType", r.Type);
                w.WriteString("referenceLocator", r.Locator);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (p.PrimaryPackagePurpose is not null)
        {
            w.WriteString("primaryPackagePurpose", p.PrimaryPackagePurpose);
        }

        w.WriteEndObject();
    }
}
