using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Sbom.Common;

namespace Tollgate.Sbom.CycloneDx;

/// <summary>Reads CycloneDX JSON or XML (1.2–1.6) into an <see cref="ImageAnalysis"/>: components (nested ones are "contained by" their parent), licenses, hashes, dependencies.</summary>
public static class CdxReader
{
    public static bool LooksJson(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && SbomJson.String(root, "bomFormat") == "CycloneDX";

    public static ImageAnalysis ReadJson(JsonElement root, string fileName)
    {
        if (!LooksJson(root))
        {
            throw new SbomFormatException(fileName, "not a CycloneDX JSON document (bomFormat is not 'CycloneDX')");
        }

        var metadata = root.TryGetProperty("metadata", out var md) ? md : default;
        var subject = metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("component", out var sc) ? FromJson(sc, fileName, "$.metadata.component") : null;
        var components = new List<CdxComponent>();
        var index = 0;
        foreach (var c in SbomJson.Array(root, "components"))
        {
            components.Add(FromJson(c, fileName, $"$.components[{index++}]"));
        }

        var dependencies = SbomJson.Array(root, "dependencies")
            .Select(d => new CdxDependency(SbomJson.String(d, "ref") ?? "", SbomJson.Array(d, "dependsOn").Select(x => x.GetString() ?? "").ToList()))
            .ToList();
        return ToAnalysis(subject, components, dependencies, fileName);
    }

    public static ImageAnalysis ReadXml(Stream input, string fileName)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(XmlReader.Create(input, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }
        catch (XmlException e)
        {
            throw new SbomFormatException(fileName, $"malformed XML at line {e.LineNumber}: {e.Message}");
        }

        var root = doc.Root ?? throw new SbomFormatException(fileName, "empty XML document");
        if (root.Name.LocalName != "bom" || !root.Name.NamespaceName.StartsWith("http://cyclonedx.org/schema/bom/", StringComparison.Ordinal))
        {
            throw new SbomFormatException(fileName, "not a CycloneDX XML document (root element is not a CycloneDX <bom>)");
        }

        var ns = root.Name.Namespace;
        var subjectElement = root.Element(ns + "metadata")?.Element(ns + "component");
        var subject = subjectElement is null ? null : FromXml(subjectElement, ns, fileName);
        var components = root.Element(ns + "components")?.Elements(ns + "component").Select(c => FromXml(c, ns, fileName)).ToList() ?? [];
        var dependencies = root.Element(ns + "dependencies")?.Elements(ns + "dependency")
            .Select(d => new CdxDependency((string?)d.Attribute("ref") ?? "", d.Elements(ns + "dependency").Select(x => (string?)x.Attribute("ref") ?? "").ToList()))
            .ToList() ?? [];
        return ToAnalysis(subject, components, dependencies, fileName);
    }

    private static CdxComponent FromJson(JsonElement c, string fileName, string path)
    {
        var licenses = new List<CdxLicense>();
        string? expression = null;
        foreach (var l in SbomJson.Array(c, "licenses"))
        {
            if (SbomJson.String(l, "expression") is { } e)
            {
                expression = e;
            }
            else if (l.TryGetProperty("license", out var lic))
            {
                licenses.Add(new CdxLicense(SbomJson.String(lic, "id"), SbomJson.String(lic, "name")));
            }
        }

        var i = 0;
        return new CdxComponent
        {
            Type = SbomJson.String(c, "type") ?? "library",
            BomRef = SbomJson.String(c, "bom-ref") ?? "",
            Name = SbomJson.RequiredString(c, "name", fileName, path),
            Group = SbomJson.String(c, "group"),
            Version = SbomJson.String(c, "version"),
            Purl = SbomJson.String(c, "purl"),
            Cpe = SbomJson.String(c, "cpe"),
            Publisher = SbomJson.String(c, "publisher"),
            LicenseExpression = expression,
            Licenses = licenses,
            Hashes = SbomJson.Array(c, "hashes").Select(h => (SbomJson.String(h, "alg") ?? "", SbomJson.String(h, "content") ?? "")).ToList(),
            Properties = SbomJson.Array(c, "properties").Select(p => (SbomJson.String(p, "name") ?? "", SbomJson.String(p, "value") ?? "")).ToList(),
            Children = SbomJson.Array(c, "components").Select(child => FromJson(child, fileName, $"{path}.components[{i++}]")).ToList(),
        };
    }

    private static CdxComponent FromXml(XElement c, XNamespace ns, string fileName)
    {
        var licenses = c.Element(ns + "licenses");
        return new CdxComponent
        {
            Type = (string?)c.Attribute("type") ?? "library",
            BomRef = (string?)c.Attribute("bom-ref") ?? "",
            Name = (string?)c.Element(ns + "name") ?? throw new SbomFormatException(fileName, "a <component> has no <name>"),
            Group = (string?)c.Element(ns + "group"),
            Version = (string?)c.Element(ns + "version"),
            Purl = (string?)c.Element(ns + "purl"),
            Cpe = (string?)c.Element(ns + "cpe"),
            Publisher = (string?)c.Element(ns + "publisher"),
            LicenseExpression = (string?)licenses?.Element(ns + "expression"),
            Licenses = licenses?.Elements(ns + "license").Select(l => new CdxLicense((string?)l.Element(ns + "id"), (string?)l.Element(ns + "name"))).ToList() ?? [],
            Hashes = c.Element(ns + "hashes")?.Elements(ns + "hash").Select(h => ((string?)h.Attribute("alg") ?? "", h.Value)).ToList() ?? [],
            Properties = c.Element(ns + "properties")?.Elements(ns + "property").Select(p => ((string?)p.Attribute("name") ?? "", p.Value)).ToList() ?? [],
            Children = c.Element(ns + "components")?.Elements(ns + "component").Select(x => FromXml(x, ns, fileName)).ToList() ?? [],
        };
    }

    private static ImageAnalysis ToAnalysis(CdxComponent? subject, List<CdxComponent> components, List<CdxDependency> dependencies, string fileName)
    {
        var packages = new List<Package>();
        var refToId = new Dictionary<string, string>(StringComparer.Ordinal);
        Distro? distro = null;

        void Visit(CdxComponent c, string? ownerId)
        {
            if (c.Type == "operating-system")
            {
                distro ??= new Distro { Id = c.Name, VersionId = c.Version, Source = "cyclonedx" };
                return;
            }

            var package = ToPackage(c) with { OwnedBy = ownerId };
            packages.Add(package);
            if (c.BomRef.Length > 0)
            {
                refToId[c.BomRef] = package.Id;
            }

            foreach (var child in c.Children)
            {
                Visit(child, package.Id);
            }
        }

        foreach (var c in components)
        {
            Visit(c, null);
        }

        var relationships = dependencies
            .SelectMany(d => d.DependsOn.Select(on => (From: d.Ref, To: on)))
            .Where(e => refToId.ContainsKey(e.From) && refToId.ContainsKey(e.To))
            .Select(e => new Relationship(refToId[e.From], refToId[e.To], RelationshipTypes.DependsOn))
            .Concat(packages.Where(p => p.OwnedBy is not null).Select(p => new Relationship(p.OwnedBy!, p.Id, RelationshipTypes.Contains)))
            .ToList();

        return new ImageAnalysis
        {
            Image = ImageFrom(subject, fileName),
            Distro = distro,
            Packages = packages,
            Relationships = relationships,
            NotAvailable = SbomInput.NotAvailableFromSbom,
        };
    }

    private static Package ToPackage(CdxComponent c)
    {
        var notes = PackageNotes.Read(c.Properties);
        var parts = PurlParts.TryParse(c.Purl);
        var type = notes.Type ?? SbomInput.TypeFromPurl(parts?.Type);
        var name = c.Group is { Length: > 0 } g && parts is null ? $"{g}/{c.Name}" : c.Name;
        var licenses = notes.Licenses.Count > 0
            ? notes.Licenses
            : c.LicenseExpression is { } e
                ? [new LicenseInfo { Value = e, SpdxExpression = e }]
                : c.Licenses.Select(l => new LicenseInfo { Value = l.Id ?? l.Name ?? "", SpdxExpression = l.Id ?? Analysis.Licenses.SpdxLicenses.ToSpdx(l.Name ?? "") }).ToList();
        var cpes = new List<string>();
        if (c.Cpe is not null)
        {
            cpes.Add(c.Cpe);
        }

        cpes.AddRange(c.Properties.Where(p => p.Name == "tollgate:cpe").Select(p => p.Value));
        var version = c.Version ?? "";
        return new Package
        {
            Id = notes.Id ?? PackageIds.For(type, name, version, notes.Locations.FirstOrDefault()?.Path ?? c.BomRef),
            Name = name,
            Version = version,
            Type = type,
            FoundBy = notes.FoundBy ?? "cyclonedx",
            Purl = c.Purl,
            Cpes = cpes,
            Licenses = licenses,
            Locations = notes.Locations,
            Architecture = c.Properties.FirstOrDefault(p => p.Name == "tollgate:arch").Value ?? parts?.Qualifiers.GetValueOrDefault("arch"),
            SourceName = c.Properties.FirstOrDefault(p => p.Name == "tollgate:sourcePackage").Value?.Split('@')[0] ?? parts?.Qualifiers.GetValueOrDefault("upstream"),
            Supplier = c.Publisher,
            Digests = c.Hashes.Select(h => new Digest(h.Alg.ToLowerInvariant().Replace("-", ""), h.Content)).ToList(),
        };
    }

    private static ImageMetadata ImageFrom(CdxComponent? subject, string fileName)
    {
        string? Prop(string name) => subject?.Properties.FirstOrDefault(p => p.Name == name).Value;
        var tags = subject?.Properties.Where(p => p.Name == "tollgate:image:tag").Select(p => p.Value).ToList() ?? [];
        return new ImageMetadata
        {
            Source = Prop("tollgate:image:source") ?? "sbom:" + fileName,
            SourceKind = Prop("tollgate:image:sourceKind") ?? "sbom",
            ManifestDigest = subject?.Version is { } v && v.StartsWith("sha256:", StringComparison.Ordinal) ? v : null,
            ConfigDigest = Prop("tollgate:image:configDigest"),
            Tags = tags.Count > 0 ? tags : subject is null ? [] : [subject.Name],
            Os = Prop("tollgate:image:os") ?? "linux",
            Architecture = Prop("tollgate:image:architecture") ?? "",
        };
    }
}
