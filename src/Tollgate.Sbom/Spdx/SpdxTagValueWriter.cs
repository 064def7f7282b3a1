namespace Tollgate.Sbom.Spdx;

/// <summary>SPDX 2.3 tag-value: one "Tag: value" per line, multi-line values in &lt;text&gt;…&lt;/text&gt;.</summary>
public static class SpdxTagValueWriter
{
    public static void Write(SpdxDocument doc, TextWriter w)
    {
        w.NewLine = "\n";
        Tag(w, "SPDXVersion", doc.SpdxVersion);
        Tag(w, "DataLicense", doc.DataLicense);
        Tag(w, "SPDXID", doc.SpdxId);
        Tag(w, "DocumentName", doc.Name);
        Tag(w, "DocumentNamespace", doc.DocumentNamespace);
        if (doc.Comment is not null)
        {
            Tag(w, "DocumentComment", doc.Comment);
        }

        w.WriteLine("## Creation Information");
        if (doc.LicenseListVersion is not null)
        {
            Tag(w, "LicenseListVersion", doc.LicenseListVersion);
        }

        foreach (var c in doc.Creators)
        {
            Tag(w, "Creator", c);
        }

        Tag(w, "Created", doc.Created);
        foreach (var p in doc.Packages)
        {
            w.WriteLine();
            w.WriteLine("## Package");
            Tag(w, "PackageName", p.Name);
            Tag(w, "SPDXID", p.SpdxId);
            Tag(w, "PackageVersion", p.VersionInfo);
            Tag(w, "PackageSupplier", p.Supplier);
            Tag(w, "PackageDownloadLocation", p.DownloadLocation);
            Tag(w, "FilesAnalyzed", p.FilesAnalyzed ? "true" : "false");
            foreach (var c in p.Checksums)
            {
                Tag(w, "PackageChecksum", $"{c.Algorithm}: {c.Value}");
            }

            Tag(w, "PackageSourceInfo", p.SourceInfo);
            Tag(w, "PackageLicenseConcluded", p.LicenseConcluded);
            Tag(w, "PackageLicenseDeclared", p.LicenseDeclared);
            Tag(w, "PackageCopyrightText", p.CopyrightText);
            Tag(w, "PackageComment", p.Comment);
            foreach (var r in p.ExternalRefs)
            {
                Tag(w, "ExternalRef", $"{r.Category} {r.Type} {r.Locator}");
            }

            Tag(w, "PrimaryPackagePurpose", p.PrimaryPackagePurpose);
        }

        if (doc.ExtractedLicenses.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("## License Information");
            foreach (var l in doc.ExtractedLicenses)
            {
                Tag(w, "LicenseID", l.LicenseId);
                Tag(w, "ExtractedText", l.ExtractedText, forceText: true);
                Tag(w, "LicenseName", l.Name);
            }
        }

        w.WriteLine();
        w.WriteLine("## Relationships");
        foreach (var r in doc.Relationships)
        {
            Tag(w, "Relationship", $"{r.Element} {r.Type} {r.Related}");
        }
    }

    private static void Tag(TextWriter w, string tag, string? value, bool forceText = false)
    {
        if (value is null)
        {
            return;
        }

        // Free text that spans lines (or could look like a tag) goes in <text> so readers keep it whole.
        w.WriteLine(forceText || value.Contains('\n') ? $"{tag}: <text>{value}</text>" : $"{tag}: {value}");
    }
}
