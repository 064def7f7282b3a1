using System.Text.Json;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Sbom.Common;

namespace Tollgate.Sbom.Syft;

/// <summary>
/// Reads syft's JSON (schema 1.x–16.x) into an <see cref="ImageAnalysis"/>, so images already catalogued by syft can be
/// scanned and checked without the image. Every artifact becomes a package; layers are mapped to indexes by the
/// source's layer list.
/// </summary>
public static class SyftJsonReader
{
    public static bool Looks(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("artifacts", out _) && root.TryGetProperty("source", out _);

    public static ImageAnalysis Read(Stream input, string fileName)
    {
        using var json = SbomJson.Parse(input, fileName);
        return Read(json.RootElement, fileName);
    }

    public static ImageAnalysis Read(JsonElement root, string fileName)
    {
        if (!Looks(root))
        {
            throw new SbomFormatException(fileName, "not a syft JSON document (no 'artifacts' and 'source')");
        }

        var source = root.GetProperty("source");
        var meta = source.TryGetProperty("metadata", out var m) ? m : source.TryGetProperty("target", out var t) ? t : default;
        var layerDigests = SbomJson.Array(meta, "layers").Select(l => SbomJson.String(l, "digest") ?? "").ToList();
        var packages = SbomJson.Array(root, "artifacts").Select((a, i) => ToPackage(a, layerDigests, fileName, i)).ToList();
        var idMap = SbomJson.Array(root, "artifacts").Select((a, i) => (SbomJson.String(a, "id") ?? "", packages[i].Id))
            .GroupBy(x => x.Item1).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal);
        var relationships = SbomJson.Array(root, "artifactRelationships")
            .Select(r => (Parent: SbomJson.String(r, "parent"), Child: SbomJson.String(r, "child"), Type: SbomJson.String(r, "type")))
            .Where(r => r.Parent is not null && r.Child is not null && idMap.ContainsKey(r.Parent) && idMap.ContainsKey(r.Child))
            .Select(r => r.Type switch
            {
                // syft: "dependency-of" points from the dependency to the dependant.
                "dependency-of" => new Relationship(idMap[r.Child!], idMap[r.Parent!], RelationshipTypes.DependsOn),
                "ownership-by-file-overlap" => new Relationship(idMap[r.Parent!], idMap[r.Child!], RelationshipTypes.Contains),
                _ => null,
            })
            .OfType<Relationship>()
            .ToList();
        var owned = relationships.Where(r => r.Type == RelationshipTypes.Contains).GroupBy(r => r.To).ToDictionary(g => g.Key, g => g.First().From, StringComparer.Ordinal);

        return new ImageAnalysis
        {
            Image = new ImageMetadata
            {
                Source = "sbom:" + fileName,
                SourceKind = "sbom",
                ManifestDigest = SbomJson.String(meta, "manifestDigest"),
                ConfigDigest = SbomJson.String(meta, "imageID"),
                Tags = SbomJson.Array(meta, "tags").Select(x => x.GetString() ?? "").ToList(),
                Architecture = SbomJson.String(meta, "architecture") ?? "",
                Os = SbomJson.String(meta, "os") ?? "linux",
                Layers = layerDigests.Select((d, i) => new LayerDescriptor { Index = i, DiffId = d, Digest = d }).ToList(),
            },
            Distro = ReadDistro(root),
            Packages = packages.Select(p => owned.TryGetValue(p.Id, out var o) ? p with { OwnedBy = o } : p).ToList(),
            Relationships = relationships,
            NotAvailable = SbomInput.NotAvailableFromSbom,
        };
    }

    private static Distro? ReadDistro(JsonElement root)
    {
        if (!root.TryGetProperty("distro", out var d) || d.ValueKind != JsonValueKind.Object || SbomJson.String(d, "id") is not { } id)
        {
            return null;
        }

        return new Distro
        {
            Id = id,
            VersionId = SbomJson.String(d, "versionID"),
            VersionCodename = SbomJson.String(d, "versionCodename"),
            PrettyName = SbomJson.String(d, "prettyName"),
            IdLike = SbomJson.Array(d, "idLike").Select(x => x.GetString() ?? "").ToList(),
            Source = "syft",
        };
    }

    private static Package ToPackage(JsonElement a, List<string> layerDigests, string fileName, int index)
    {
        var name = SbomJson.RequiredString(a, "name", fileName, $"artifacts[{index}]");
        var version = SbomJson.String(a, "version") ?? "";
        var purl = SbomJson.String(a, "purl");
        var type = TypeOf(SbomJson.String(a, "type"), purl);
        var locations = SbomJson.Array(a, "locations").Select(l => new Location(
            SbomJson.String(l, "path") ?? "",
            Math.Max(0, layerDigests.IndexOf(SbomJson.String(l, "layerID") ?? "")))
        { LayerDiffId = SbomJson.String(l, "layerID") }).ToList();
        var metadata = a.TryGetProperty("metadata", out var md) ? md : default;
        return new Package
        {
            Id = PackageIds.For(type, name, version, locations.FirstOrDefault()?.Path ?? SbomJson.String(a, "id")),
            Name = name,
            Version = version,
            Type = type,
            FoundBy = SbomJson.String(a, "foundBy") ?? "syft",
            Purl = purl,
            Cpes = SbomJson.Array(a, "cpes").Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() : SbomJson.String(c, "cpe"))
                .OfType<string>().ToList(),
            Licenses = SbomJson.Array(a, "licenses").Select(ReadLicense).OfType<LicenseInfo>().ToList(),
            Locations = locations,
            Architecture = SbomJson.String(metadata, "architecture") ?? SbomJson.String(metadata, "arch"),
            SourceName = SbomJson.String(metadata, "source") ?? SbomJson.String(metadata, "originPackage") ?? SourceRpmName(SbomJson.String(metadata, "sourceRpm")),
            SourceVersion = SbomJson.String(metadata, "sourceVersion"),
        };
    }

    private static LicenseInfo? ReadLicense(JsonElement l) => l.ValueKind switch
    {
        JsonValueKind.String => new LicenseInfo { Value = l.GetString()!, SpdxExpression = Analysis.Licenses.SpdxLicenses.ToSpdx(l.GetString()!) },
        JsonValueKind.Object when SbomJson.String(l, "value") is { } v => new LicenseInfo
        {
            Value = v,
            SpdxExpression = SbomJson.String(l, "spdxExpression") is { Length: > 0 } s ? s : null,
            Source = SbomJson.String(l, "type"),
        },
        _ => null,
    };

    /// <summary>"glibc-2.28-151.el8.src.rpm" → "glibc".</summary>
    private static string? SourceRpmName(string? sourceRpm)
    {
        if (string.IsNullOrEmpty(sourceRpm))
        {
            return null;
        }

        var parts = sourceRpm.Split('-');
        return parts.Length >= 3 ? string.Join('-', parts[..^2]) : sourceRpm;
    }

    private static string TypeOf(string? syftType, string? purl) => syftType switch
    {
        "apk" => PackageTypes.Apk,
        "deb" => PackageTypes.Deb,
        "rpm" => PackageTypes.Rpm,
        "npm" => PackageTypes.Npm,
        "python" => PackageTypes.Python,
        "java-archive" or "jenkins-plugin" => PackageTypes.Java,
        "go-module" => PackageTypes.Go,
        "dotnet" => PackageTypes.DotNet,
        "gem" => PackageTypes.Gem,
        "rust-crate" => PackageTypes.Cargo,
        "php-composer" => PackageTypes.Composer,
        "binary" => PackageTypes.Binary,
        _ => SbomInput.TypeFromPurl(PurlParts.TryParse(purl)?.Type),
    };
}
