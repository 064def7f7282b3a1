using System.Security.Cryptography;
using System.Text;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Sbom.Common;

namespace Tollgate.Sbom.Spdx;

/// <summary>Maps an <see cref="ImageAnalysis"/> to an SPDX 2.3 document and back.</summary>
public static class SpdxMapper
{
    public const string ImageId = "SPDXRef-Image";

    public static SpdxDocument ToSpdx(ImageAnalysis analysis, SbomSettings settings)
    {
        var extracted = new SortedDictionary<string, SpdxExtractedLicense>(StringComparer.Ordinal);
        var ids = analysis.Packages.ToDictionary(p => p.Id, p => ElementId(p), StringComparer.Ordinal);
        var packages = new List<SpdxPackage> { ImagePackage(analysis) };
        packages.AddRange(analysis.Packages.Select(p => ToSpdxPackage(p, ids[p.Id], extracted)));

        var relationships = new List<SpdxRelationship> { new("SPDXRef-DOCUMENT", "DESCRIBES", ImageId) };
        relationships.AddRange(analysis.Packages.Where(p => p.OwnedBy is null).Select(p => new SpdxRelationship(ImageId, "CONTAINS", ids[p.Id])));
        foreach (var r in analysis.Relationships)
        {
            if (!ids.TryGetValue(r.From, out var from) || !ids.TryGetValue(r.To, out var to))
            {
                continue; // owns-file edges point at paths; SPDX files are not emitted, the native JSON keeps them.
            }

            var type = r.Type switch
            {
                RelationshipTypes.DependsOn => "DEPENDS_ON",
                RelationshipTypes.DevDependsOn => "DEV_DEPENDENCY_OF",
                RelationshipTypes.Contains => "CONTAINS",
                _ => null,
            };
            if (type == "DEV_DEPENDENCY_OF")
            {
                relationships.Add(new SpdxRelationship(to, type, from));
            }
            else if (type is not null)
            {
                relationships.Add(new SpdxRelationship(from, type, to));
            }
        }

        var name = ImageName.Of(analysis.Image);
        return new SpdxDocument
        {
            Name = name,
            DocumentNamespace = $"https://tollgate.invalid/spdx/{Sanitize(name)}-{settings.DeterministicUuid(analysis.Image.ManifestDigest, analysis.Image.Source, analysis.Packages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
            Creators = [$"Tool: {settings.ToolName}-{settings.ToolVersion}", "Organization: Tollgate"],
            Created = settings.CreatedText,
            LicenseListVersion = "3.25",
            Packages = packages,
            Relationships = relationships,
            ExtractedLicenses = extracted.Values.ToList(),
        };
    }

    public static ImageAnalysis ToAnalysis(SpdxDocument document)
    {
        var extracted = document.ExtractedLicenses.ToDictionary(l => l.LicenseId, l => l.ExtractedText, StringComparer.Ordinal);
        var image = document.Packages.FirstOrDefault(p => p.SpdxId == ImageId || p.PrimaryPackagePurpose == "CONTAINER");
        var byElement = new Dictionary<string, Package>(StringComparer.Ordinal);
        foreach (var sp in document.Packages.Where(p => p != image))
        {
            byElement[sp.SpdxId] = ToPackage(sp, extracted);
        }

        var relationships = new List<Relationship>();
        foreach (var r in document.Relationships)
        {
            if (!byElement.TryGetValue(r.Element, out var a) || !byElement.TryGetValue(r.Related, out var b))
            {
                continue;
            }

            var rel = r.Type switch
            {
                "DEPENDS_ON" => new Relationship(a.Id, b.Id, RelationshipTypes.DependsOn),
                "DEV_DEPENDENCY_OF" => new Relationship(b.Id, a.Id, RelationshipTypes.DevDependsOn),
                "CONTAINS" => new Relationship(a.Id, b.Id, RelationshipTypes.Contains),
                _ => null,
            };
            if (rel is not null)
            {
                relationships.Add(rel);
            }
        }

        var ownedBy = relationships.Where(r => r.Type == RelationshipTypes.Contains).ToDictionary(r => r.To, r => r.From, StringComparer.Ordinal);
        var packages = byElement.Values.Select(p => ownedBy.TryGetValue(p.Id, out var owner) ? p with { OwnedBy = owner } : p).ToList();
        return new ImageAnalysis
        {
            Image = ImageMetadataFrom(image, document),
            Packages = packages,
            Relationships = relationships,
            NotAvailable = SbomInput.NotAvailableFromSbom,
        };
    }

    private static SpdxPackage ImagePackage(ImageAnalysis analysis)
    {
        var meta = analysis.Image;
        var name = ImageName.Of(meta);
        var refs = new List<SpdxExternalRef>();
        if (meta.ManifestDigest is not null)
        {
            refs.Add(new SpdxExternalRef("PACKAGE-MANAGER", "purl",
                PackageUrl.Create("oci", null, ImageName.Repository(meta).Split('/')[^1], meta.ManifestDigest, [new("arch", meta.Architecture), new("os", meta.Os)])));
        }

        var comment = new StringBuilder().Append("tollgate:source=").Append(meta.Source).Append('\n')
            .Append("tollgate:sourceKind=").Append(meta.SourceKind);
        if (analysis.Distro is not null)
        {
            comment.Append("\ntollgate:distro=").Append(analysis.Distro.Id).Append(' ').Append(analysis.Distro.VersionId);
        }

        return new SpdxPackage
        {
            SpdxId = ImageId,
            Name = name,
            VersionInfo = meta.ManifestDigest,
            PrimaryPackagePurpose = "CONTAINER",
            Checksums = meta.ManifestDigest is { } d && d.StartsWith("sha256:", StringComparison.Ordinal) ? [new SpdxChecksum("SHA256", d[7..])] : [],
            ExternalRefs = refs,
            Comment = comment.ToString(),
        };
    }

    private static SpdxPackage ToSpdxPackage(Package p, string elementId, SortedDictionary<string, SpdxExtractedLicense> extracted)
    {
        var refs = new List<SpdxExternalRef>();
        if (p.Purl is not null)
        {
            refs.Add(new SpdxExternalRef("PACKAGE-MANAGER", "purl", p.Purl));
        }

        refs.AddRange(p.Cpes.Select(c => new SpdxExternalRef("SECURITY", c.StartsWith("cpe:2.3:", StringComparison.Ordinal) ? "cpe23Type" : "cpe22Type", c)));
        return new SpdxPackage
        {
            SpdxId = elementId,
            Name = p.Name,
            VersionInfo = p.Version,
            Supplier = p.Supplier is null ? null : "Organization: " + p.Supplier,
            LicenseDeclared = DeclaredLicense(p.Licenses, extracted),
            SourceInfo = p.Locations.Count == 0 ? null : $"acquired package info from {p.FoundBy}: {string.Join(", ", p.Locations.Select(l => l.Path))}",
            PrimaryPackagePurpose = PackageTypes.IsOs(p.Type) || p.Type == PackageTypes.Binary ? "APPLICATION" : "LIBRARY",
            Checksums = p.Digests.Select(d => new SpdxChecksum(d.Algorithm.ToUpperInvariant().Replace("SHA-", "SHA"), d.Value)).ToList(),
            ExternalRefs = refs,
            Comment = PackageNotes.Write(p),
        };
    }

    private static Package ToPackage(SpdxPackage sp, IReadOnlyDictionary<string, string> extracted)
    {
        var notes = PackageNotes.Read(sp.Comment);
        var purl = sp.ExternalRefs.FirstOrDefault(r => r.Type == "purl")?.Locator;
        var parts = PurlParts.TryParse(purl);
        var type = notes.Type ?? SbomInput.TypeFromPurl(parts?.Type);
        var version = sp.VersionInfo ?? parts?.Version ?? "";
        var licenses = notes.Licenses.Count > 0 ? notes.Licenses : LicensesFromExpression(sp.LicenseDeclared, extracted);
        return new Package
        {
            Id = notes.Id ?? PackageIds.For(type, sp.Name, version, notes.Locations.FirstOrDefault()?.Path ?? sp.SpdxId),
            Name = sp.Name,
            Version = version,
            Type = type,
            FoundBy = notes.FoundBy ?? "spdx",
            Purl = purl,
            Cpes = sp.ExternalRefs.Where(r => r.Category == "SECURITY" && r.Type.StartsWith("cpe", StringComparison.Ordinal)).Select(r => r.Locator).ToList(),
            Licenses = licenses,
            Locations = notes.Locations,
            Architecture = parts?.Qualifiers.GetValueOrDefault("arch"),
            Supplier = sp.Supplier?.Replace("Organization: ", "").Replace("Person: ", ""),
            Digests = sp.Checksums.Select(c => new Digest(c.Algorithm.ToLowerInvariant(), c.Value)).ToList(),
        };
    }

    private static List<LicenseInfo> LicensesFromExpression(string declared, IReadOnlyDictionary<string, string> extracted)
    {
        if (declared is "NOASSERTION" or "NONE" or "")
        {
            return [];
        }

        return SplitTopLevelAnd(declared).Select(term => extracted.TryGetValue(term, out var text)
            ? new LicenseInfo { Value = text }
            : new LicenseInfo { Value = term, SpdxExpression = term }).ToList();
    }

    /// <summary>"(A OR B) AND C" → ["A OR B", "C"]: one license statement per top-level AND operand.</summary>
    private static IEnumerable<string> SplitTopLevelAnd(string expression)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < expression.Length; i++)
        {
            depth += expression[i] == '(' ? 1 : expression[i] == ')' ? -1 : 0;
            if (depth == 0 && string.CompareOrdinal(expression, i, " AND ", 0, 5) == 0)
            {
                yield return StripParens(expression[start..i]);
                start = i + 5;
            }
        }

        yield return StripParens(expression[start..]);
    }

    private static string StripParens(string s)
    {
        s = s.Trim();
        return s.StartsWith('(') && s.EndsWith(')') ? s[1..^1].Trim() : s;
    }

    private static string DeclaredLicense(IReadOnlyList<LicenseInfo> licenses, SortedDictionary<string, SpdxExtractedLicense> extracted)
    {
        if (licenses.Count == 0)
        {
            return "NOASSERTION";
        }

        var terms = new List<string>();
        foreach (var license in licenses)
        {
            if (license.SpdxExpression is { } expr)
            {
                terms.Add(expr.Contains(' ') && licenses.Count > 1 ? $"({expr})" : expr);
                continue;
            }

            var id = "LicenseRef-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(license.Value)))[..16];
            extracted[id] = new SpdxExtractedLicense(id, license.Value, license.Value.Length <= 64 ? license.Value : license.Value[..64]);
            terms.Add(id);
        }

        return string.Join(" AND ", terms.Distinct(StringComparer.Ordinal));
    }

    private static ImageMetadata ImageMetadataFrom(SpdxPackage? image, SpdxDocument document)
    {
        var source = "sbom:" + document.Name;
        var kind = "sbom";
        foreach (var line in (image?.Comment ?? "").Split('\n'))
        {
            if (line.StartsWith("tollgate:source=", StringComparison.Ordinal))
            {
                source = line["tollgate:source=".Length..];
            }
            else if (line.StartsWith("tollgate:sourceKind=", StringComparison.Ordinal))
            {
                kind = line["tollgate:sourceKind=".Length..];
            }
        }

        var purl = PurlParts.TryParse(image?.ExternalRefs.FirstOrDefault(r => r.Type == "purl")?.Locator);
        return new ImageMetadata
        {
            Source = source,
            SourceKind = kind,
            ManifestDigest = image?.VersionInfo is { } v && v.StartsWith("sha256:", StringComparison.Ordinal) ? v : null,
            Tags = image is null ? [] : [image.Name],
            Architecture = purl?.Qualifiers.GetValueOrDefault("arch") ?? "",
            Os = purl?.Qualifiers.GetValueOrDefault("os") ?? "linux",
        };
    }

    private static string ElementId(Package p) =>
        $"SPDXRef-Package-{Sanitize(p.Type)}-{Sanitize(p.Name)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Id)))[..12]}";

    /// <summary>SPDX ids allow letters, digits, '.' and '-' only.</summary>
    public static string Sanitize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return sb.ToString();
    }
}
