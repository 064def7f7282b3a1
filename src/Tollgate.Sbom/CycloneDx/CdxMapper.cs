using System.Globalization;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Common;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Sbom.CycloneDx;

/// <summary>Builds the <see cref="CdxBom"/> for an analysis and, optionally, its vulnerability matches.</summary>
public static class CdxMapper
{
    public const string ImageRef = "image";

    public static CdxBom ToBom(ImageAnalysis analysis, SbomSettings settings, string specVersion = "1.6", IReadOnlyList<VulnerabilityMatch>? matches = null)
    {
        var meta = analysis.Image;
        var components = analysis.Packages.Select(ToComponent).ToList();
        if (analysis.Distro is { } distro)
        {
            components.Insert(0, new CdxComponent
            {
                Type = "operating-system",
                BomRef = "distro:" + distro.Id,
                Name = distro.Id,
                Version = distro.VersionId,
                Properties = [("tollgate:distro:prettyName", distro.PrettyName ?? distro.Id)],
            });
        }

        var known = analysis.Packages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var dependencies = analysis.Relationships
            .Where(r => r.Type is RelationshipTypes.DependsOn or RelationshipTypes.DevDependsOn && known.Contains(r.From) && known.Contains(r.To))
            .GroupBy(r => r.From, StringComparer.Ordinal)
            .Select(g => new CdxDependency(g.Key, g.Select(r => r.To).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .Prepend(new CdxDependency(ImageRef, analysis.Packages.Where(p => p.OwnedBy is null).Select(p => p.Id).Order(StringComparer.Ordinal).ToList()))
            .ToList();

        var subject = new CdxComponent
        {
            Type = "container",
            BomRef = ImageRef,
            Name = ImageName.Repository(meta),
            Version = meta.ManifestDigest ?? meta.Tags.FirstOrDefault(),
            Hashes = meta.ManifestDigest is { } d && d.StartsWith("sha256:", StringComparison.Ordinal) ? [("SHA-256", d[7..])] : [],
            Properties = ImageProperties(analysis).ToList(),
        };

        return new CdxBom
        {
            SpecVersion = specVersion,
            SerialNumber = "urn:uuid:" + settings.DeterministicUuid(meta.ManifestDigest, meta.Source, analysis.Packages.Count.ToString(CultureInfo.InvariantCulture)),
            Timestamp = settings.CreatedText,
            ToolName = settings.ToolName,
            ToolVersion = settings.ToolVersion,
            Subject = subject,
            Components = NestOwned(components, analysis.Packages),
            Dependencies = dependencies,
            Vulnerabilities = (matches ?? []).GroupBy(m => m.Id, StringComparer.Ordinal).Select(ToVulnerability).ToList(),
        };
    }

    /// <summary>Packages an OS package contains are nested under it, as CycloneDX models "part of".</summary>
    private static List<CdxComponent> NestOwned(List<CdxComponent> flat, IReadOnlyList<Package> packages)
    {
        var ownerOf = packages.Where(p => p.OwnedBy is not null).ToDictionary(p => p.Id, p => p.OwnedBy!, StringComparer.Ordinal);
        var byRef = flat.ToDictionary(c => c.BomRef, StringComparer.Ordinal);
        var children = flat.Where(c => ownerOf.ContainsKey(c.BomRef) && byRef.ContainsKey(ownerOf[c.BomRef]))
            .GroupBy(c => ownerOf[c.BomRef], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return flat.Where(c => !ownerOf.ContainsKey(c.BomRef) || !byRef.ContainsKey(ownerOf[c.BomRef]))
            .Select(c => children.TryGetValue(c.BomRef, out var kids) ? c with { Children = kids } : c)
            .ToList();
    }

    private static IEnumerable<(string, string)> ImageProperties(ImageAnalysis analysis)
    {
        yield return ("tollgate:image:source", analysis.Image.Source);
        yield return ("tollgate:image:sourceKind", analysis.Image.SourceKind);
        yield return ("tollgate:image:os", analysis.Image.Os);
        yield return ("tollgate:image:architecture", analysis.Image.Architecture);
        foreach (var tag in analysis.Image.Tags)
        {
            yield return ("tollgate:image:tag", tag);
        }

        if (analysis.Image.ConfigDigest is { } config)
        {
            yield return ("tollgate:image:configDigest", config);
        }

        foreach (var layer in analysis.Image.Layers)
        {
            yield return ("tollgate:image:layer", $"{layer.Index}:{layer.DiffId}");
        }
    }

    private static CdxComponent ToComponent(Package p)
    {
        var allSpdx = p.Licenses.Count > 0 && p.Licenses.All(l => l.SpdxExpression is not null);
        var compound = p.Licenses.Any(l => l.SpdxExpression is { } e && e.Contains(' '));
        var expression = allSpdx && compound
            ? string.Join(" AND ", p.Licenses.Select(l => p.Licenses.Count > 1 && l.SpdxExpression!.Contains(' ') ? $"({l.SpdxExpression})" : l.SpdxExpression))
            : null;
        return new CdxComponent
        {
            Type = p.Type == PackageTypes.Binary ? "application" : "library",
            BomRef = p.Id,
            Name = p.Name,
            Version = p.Version,
            Purl = p.Purl,
            Cpe = p.Cpes.FirstOrDefault(),
            Publisher = p.Supplier,
            LicenseExpression = expression,
            Licenses = expression is not null ? [] : p.Licenses.Select(l => IsPlainId(l.SpdxExpression)
                ? new CdxLicense(l.SpdxExpression, null)
                : new CdxLicense(null, l.SpdxExpression ?? l.Value)).Distinct().ToList(),
            Hashes = p.Digests.Select(d => (HashAlg(d.Algorithm), d.Value)).Where(h => h.Item1 is not null).Select(h => (h.Item1!, h.Value)).ToList(),
            Properties = PackageNotes.Pairs(p)
                .Concat(p.Cpes.Skip(1).Select(c => ("tollgate:cpe", c)))
                .Concat(p.SourceName is null ? [] : [("tollgate:sourcePackage", p.SourceName + (p.SourceVersion is null ? "" : "@" + p.SourceVersion))])
                .Concat(p.Architecture is null ? [] : [("tollgate:arch", p.Architecture)])
                .ToList(),
        };
    }

    private static bool IsPlainId(string? spdx) =>
        spdx is not null && !spdx.Contains(' ') && !spdx.StartsWith("LicenseRef-", StringComparison.Ordinal) && Analysis.Licenses.SpdxLicenses.IsLicenseId(spdx);

    private static string? HashAlg(string algorithm) => algorithm.ToLowerInvariant().Replace("-", "") switch
    {
        "md5" => "MD5",
        "sha1" => "SHA-1",
        "sha256" => "SHA-256",
        "sha384" => "SHA-384",
        "sha512" => "SHA-512",
        _ => null,
    };

    private static CdxVulnerability ToVulnerability(IGrouping<string, VulnerabilityMatch> group)
    {
        var first = group.First();
        var suppressed = group.All(m => m.SuppressedBy is not null);
        return new CdxVulnerability
        {
            BomRef = "vuln:" + first.Id,
            Id = first.Id,
            SourceName = first.Namespace,
            SourceUrl = first.Urls.FirstOrDefault(),
            Ratings = [new CdxRating(first.SeveritySource, first.CvssScore, CdxSeverity(first.Severity), CvssMethod(first.CvssVector), first.CvssVector)],
            Description = first.Title,
            Recommendation = first.FixedIn.Count > 0 ? "Upgrade to " + string.Join(" or ", first.FixedIn) : null,
            AdvisoryUrls = group.SelectMany(m => m.Urls).Distinct().ToList(),
            Published = first.Published?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Affects = group.Select(m => (m.PackageId, m.PackageVersion, m.FixState == FixStates.NotAffected ? "unaffected" : "affected")).Distinct().ToList(),
            AnalysisState = suppressed ? "not_affected" : null,
            AnalysisDetail = suppressed ? first.SuppressedBy : null,
            Properties = group.SelectMany(m => m.Aliases.Select(a => ("tollgate:alias", a)))
                .Append(("tollgate:fixState", first.FixState))
                .Concat(first.KnownExploited ? [("tollgate:kev", "true")] : [])
                .Concat(first.Epss is { } e ? [("tollgate:epss", e.ToString(CultureInfo.InvariantCulture))] : [])
                .Distinct().ToList(),
        };
    }

    private static string CdxSeverity(string severity) => severity.ToLowerInvariant() switch
    {
        "critical" => "critical",
        "high" => "high",
        "medium" => "medium",
        "low" => "low",
        "negligible" => "info",
        _ => "unknown",
    };

    private static string? CvssMethod(string? vector) => vector switch
    {
        null => null,
        _ when vector.StartsWith("CVSS:4", StringComparison.Ordinal) => "CVSSv4",
        _ when vector.StartsWith("CVSS:3.1", StringComparison.Ordinal) => "CVSSv31",
        _ when vector.StartsWith("CVSS:3", StringComparison.Ordinal) => "CVSSv3",
        _ => "CVSSv2",
    };
}
