using System.Text.Json;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>
/// An installed package's package.json: name, version, license in all its historic shapes, author. Its dependency
/// names become edges resolved later against the node_modules tree (<see cref="NpmCataloger"/>).
/// </summary>
public static class PackageJsonParser
{
    public const string FoundBy = "npm-package-json";

    public static CatalogResult Parse(ParseInput input)
    {
        using var doc = Json.Parse(input.Content);
        var root = doc.RootElement;
        var name = root.Str("name");
        var version = root.Str("version");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version))
        {
            return CatalogResult.Empty; // partial manifests (exports maps, nested "module" stubs) describe no package
        }

        var metadata = new Dictionary<string, string>
        {
            ["author"] = Person(root.TryGetProperty("author", out var a) ? a : default) ?? "",
            ["homepage"] = root.Str("homepage") ?? "",
            ["description"] = root.Str("description") ?? "",
            ["repository"] = root.Str("repository") ?? root.Obj("repository")?.Str("url") ?? "",
            ["private"] = root.Flag("private") ? "true" : "",
        };
        var package = NpmIdentity.Create(name, version, FoundBy, input.Location, Licenses(root), metadata);
        var dir = input.Location.Path[..input.Location.Path.LastIndexOf('/')];
        var edges = root.Props("dependencies").Concat(root.Props("optionalDependencies"))
            .Select(d => new Relationship(package.Id, NodeModulesTree.Unresolved(dir, d.Name), RelationshipTypes.DependsOn))
            .ToList();
        return new CatalogResult { Packages = [package], Relationships = edges };
    }

    /// <summary>"license": "MIT" | {"type": "MIT"}; "licenses": ["MIT"] | [{"type": …}] | {"type": …}.</summary>
    public static IReadOnlyList<LicenseInfo> Licenses(JsonElement root)
    {
        var raw = new List<string?>();
        foreach (var key in new[] { "license", "licenses" })
        {
            if (!root.TryGetProperty(key, out var value))
            {
                continue;
            }

            IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
            raw.AddRange(items.Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.Str("type")));
        }

        return LanguagePackages.Licenses(raw, "package.json");
    }

    /// <summary>A person as "name &lt;email&gt; (url)", from a string or an object.</summary>
    private static string? Person(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new[] { value.Str("name"), value.Str("email") is { } e ? $"<{e}>" : null, value.Str("url") is { } u ? $"({u})" : null };
        var text = string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
        return text.Length == 0 ? null : text;
    }
}
