using System.Text.Json;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Oscal;

/// <summary>What was assessed and with what: the image as a component, the packages findings name, and Tollgate itself.</summary>
internal static class OscalSubjects
{
    public static void WriteLocalDefinitions(Utf8JsonWriter w, ReportInput input, OscalIds ids)
    {
        var image = input.Analysis.Image;
        w.WriteStartObject("local-definitions");
        w.WriteStartArray("components");
        WriteComponent(w, ids.Image, input.ImageName, $"Container image {image.Source} ({image.Os}/{image.Architecture}).", [
            ("image-source", image.Source),
            ("manifest-digest", image.ManifestDigest),
            ("config-digest", image.ConfigDigest),
            ("platform", $"{image.Os}/{image.Architecture}{(image.Variant is null ? "" : "/" + image.Variant)}"),
            ("distro", input.Analysis.Distro is { } d ? $"{d.Id} {d.VersionId}" : null),
        ]);
        w.WriteEndArray();

        var packages = FindingPackages(input).ToList();
        if (packages.Count > 0)
        {
            w.WriteStartArray("inventory-items");
            foreach (var (name, version) in packages)
            {
                var package = input.Analysis.Packages.FirstOrDefault(p => p.Name == name && (version is null || p.Version == version));
                w.WriteStartObject();
                w.WriteString("uuid", ids.Package(name, version));
                w.WriteString("description", $"Package {name} {version ?? ""}".Trim());
                OscalProps.Write(w, [("package-name", name), ("package-version", version), ("package-type", package?.Type), ("purl", package?.Purl)]);
                w.WriteStartArray("implemented-components");
                w.WriteStartObject();
                w.WriteString("component-uuid", ids.Image);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("assessment-assets");
        w.WriteStartArray("components");
        WriteComponent(w, ids.Tool, "Tollgate", "Container image inspection and policy gate.", [("version", input.ToolVersion)]);
        w.WriteEndArray();
        w.WriteStartArray("assessment-platforms");
        w.WriteStartObject();
        w.WriteString("uuid", ids.Platform);
        w.WriteString("title", $"Tollgate {input.ToolVersion}");
        w.WriteStartArray("uses-components");
        w.WriteStartObject();
        w.WriteString("component-uuid", ids.Tool);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The observation's subjects: always the image, and the package when the finding names one.</summary>
    public static void WriteSubjects(Utf8JsonWriter w, ReportInput input, OscalIds ids, Finding finding)
    {
        w.WriteStartArray("subjects");
        WriteSubject(w, ids.Image, "component", input.ImageName);
        if (finding.PackageName is { } name)
        {
            WriteSubject(w, ids.Package(name, finding.PackageVersion), "inventory-item", $"{name} {finding.PackageVersion}".Trim());
        }

        w.WriteEndArray();
    }

    private static IEnumerable<(string Name, string? Version)> FindingPackages(ReportInput input) =>
        input.VisibleFindings.Where(f => f.PackageName is not null).Select(f => (f.PackageName!, f.PackageVersion)).Distinct();

    private static void WriteSubject(Utf8JsonWriter w, string uuid, string type, string title)
    {
        w.WriteStartObject();
        w.WriteString("subject-uuid", uuid);
        w.WriteString("type", type);
        w.WriteString("title", title);
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, string uuid, string title, string description, IEnumerable<(string, string?)> props)
    {
        w.WriteStartObject();
        w.WriteString("uuid", uuid);
        w.WriteString("type", "software");
        w.WriteString("title", title);
        w.WriteString("description", description);
        OscalProps.Write(w, props);
        w.WriteStartObject("status");
        w.WriteString("state", "operational");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
