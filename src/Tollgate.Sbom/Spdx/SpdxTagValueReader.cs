using Tollgate.Sbom.Common;

namespace Tollgate.Sbom.Spdx;

/// <summary>Reads SPDX 2.x tag-value. Tags it does not use are skipped; a package without a name is an error.</summary>
public static class SpdxTagValueReader
{
    public static SpdxDocument Read(TextReader input, string fileName)
    {
        var pairs = ReadPairs(input, fileName).ToList();
        string? Doc(string tag) => pairs.TakeWhile(p => p.Tag is not ("PackageName" or "FileName" or "SnippetSPDXID")).FirstOrDefault(p => p.Tag == tag).Value;

        var version = Doc("SPDXVersion") ?? throw new SbomFormatException(fileName, "no SPDXVersion tag: not an SPDX tag-value document");
        var packages = new List<SpdxPackage>();
        var relationships = new List<SpdxRelationship>();
        var extracted = new List<SpdxExtractedLicense>();
        Dictionary<string, List<string>>? current = null;
        string? licenseId = null;
        string? licenseText = null;

        void FlushPackage()
        {
            if (current is not null)
            {
                packages.Add(ToPackage(current, fileName, packages.Count));
                current = null;
            }
        }

        foreach (var (tag, value) in pairs)
        {
            switch (tag)
            {
                case "PackageName":
                    FlushPackage();
                    current = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                    Add(current, tag, value);
                    break;
                case "FileName" or "SnippetSPDXID":
                    FlushPackage();
                    break;
                case "Relationship":
                    var parts = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length == 3)
                    {
                        relationships.Add(new SpdxRelationship(parts[0], parts[1], parts[2]));
                    }

                    break;
                case "LicenseID":
                    licenseId = value;
                    break;
                case "ExtractedText":
                    licenseText = value;
                    break;
                case "LicenseName" when licenseId is not null:
                    extracted.Add(new SpdxExtractedLicense(licenseId, licenseText ?? "", value));
                    licenseId = licenseText = null;
                    break;
                default:
                    if (current is not null)
                    {
                        Add(current, tag, value);
                    }

                    break;
            }
        }

        FlushPackage();
        if (licenseId is not null)
        {
            extracted.Add(new SpdxExtractedLicense(licenseId, licenseText ?? "", null));
        }

        return new SpdxDocument
        {
            SpdxVersion = version,
            Name = Doc("DocumentName") ?? throw new SbomFormatException(fileName, "required tag DocumentName is missing"),
            DocumentNamespace = Doc("DocumentNamespace") ?? "",
            Creators = pairs.Where(p => p.Tag == "Creator").Select(p => p.Value).ToList(),
            Created = Doc("Created") ?? "",
            LicenseListVersion = Doc("LicenseListVersion"),
            Comment = Doc("DocumentComment"),
            Packages = packages,
            Relationships = relationships,
            ExtractedLicenses = extracted,
        };
    }

    private static void Add(Dictionary<string, List<string>> d, string tag, string value)
    {
        if (!d.TryGetValue(tag, out var list))
        {
            d[tag] = list = [];
        }

        list.Add(value);
    }

    private static SpdxPackage ToPackage(Dictionary<string, List<string>> t, string fileName, int index)
    {
        string? One(string tag) => t.TryGetValue(tag, out var v) ? v[0] : null;
        IEnumerable<string> All(string tag) => t.TryGetValue(tag, out var v) ? v : [];
        return new SpdxPackage
        {
            Name = One("PackageName")!,
            SpdxId = One("SPDXID") ?? throw new SbomFormatException(fileName, $"package {index} ('{One("PackageName")}') has no SPDXID"),
            VersionInfo = One("PackageVersion"),
            Supplier = One("PackageSupplier"),
            DownloadLocation = One("PackageDownloadLocation") ?? "NOASSERTION",
            FilesAnalyzed = string.Equals(One("FilesAnalyzed"), "true", StringComparison.OrdinalIgnoreCase),
            SourceInfo = One("PackageSourceInfo"),
            LicenseConcluded = One("PackageLicenseConcluded") ?? "NOASSERTION",
            LicenseDeclared = One("PackageLicenseDeclared") ?? "NOASSERTION",
            CopyrightText = One("PackageCopyrightText") ?? "NOASSERTION",
            Comment = One("PackageComment"),
            PrimaryPackagePurpose = One("PrimaryPackagePurpose"),
            Checksums = All("PackageChecksum").Select(c => c.Split(':', 2)).Where(c => c.Length == 2)
                .Select(c => new SpdxChecksum(c[0].Trim(), c[1].Trim())).ToList(),
            ExternalRefs = All("ExternalRef").Select(r => r.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries)).Where(r => r.Length == 3)
                .Select(r => new SpdxExternalRef(r[0], r[1], r[2])).ToList(),
        };
    }

    /// <summary>Yields (tag, value) pairs; &lt;text&gt; values may span lines.</summary>
    private static IEnumerable<(string Tag, string Value)> ReadPairs(TextReader input, string fileName)
    {
        var lineNo = 0;
        while (input.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new SbomFormatException(fileName, $"line {lineNo}: expected 'Tag: value'");
            }

            var tag = line[..colon].Trim();
            var value = line[(colon + 1)..].TrimStart();
            if (value.StartsWith("<text>", StringComparison.Ordinal))
            {
                var text = new System.Text.StringBuilder(value[6..]);
                while (!text.ToString().Contains("</text>", StringComparison.Ordinal))
                {
                    var next = input.ReadLine() ?? throw new SbomFormatException(fileName, $"line {lineNo}: <text> for {tag} is never closed");
                    lineNo++;
                    text.Append('\n').Append(next);
                }

                var s = text.ToString();
                value = s[..s.IndexOf("</text>", StringComparison.Ordinal)];
            }

            yield return (tag, value.TrimEnd());
        }
    }
}
