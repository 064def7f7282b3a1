using System.Text.Json;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>
/// package-lock.json (and npm-shrinkwrap.json): v2/v3 "packages" keyed by install path, resolved the way node does;
/// v1 nested "dependencies" with "requires". The root project entry is left to its package.json.
/// </summary>
public static class PackageLockParser
{
    public const string FoundBy = "npm-package-lock";

    public static CatalogResult Parse(ParseInput input)
    {
        using var doc = Json.Parse(input.Content);
        var root = doc.RootElement;
        return root.Obj("packages") is { } packages ? ParsePackages(packages, input.Location) : ParseV1(root, input.Location);
    }

    private static CatalogResult ParsePackages(JsonElement packages, Location location)
    {
        var byPath = new Dictionary<string, Package>(StringComparer.Ordinal);
        var edges = new List<(string From, string Dir, string Dependency, bool Dev)>();
        foreach (var entry in packages.EnumerateObject())
        {
            var e = entry.Value;
            if (entry.Name.Length == 0 || e.Flag("link") || !entry.Name.Contains("node_modules/", StringComparison.Ordinal))
            {
                continue; // the project itself, workspace links and workspace folders are not dependencies
            }

            var pathName = NodeModulesTree.InstalledName(entry.Name);
            var version = e.Str("version");
            if (string.IsNullOrEmpty(version))
            {
                continue;
            }

            var name = e.Str("name") ?? pathName;
            var package = NpmIdentity.Create(
                name, version, FoundBy, location, LanguagePackages.Licenses(Licenses(e), "package-lock.json"), Metadata(e, pathName), entry.Name);
            byPath[entry.Name] = package;
            foreach (var dep in e.Props("dependencies").Concat(e.Props("optionalDependencies")).Concat(e.Props("peerDependencies")))
            {
                edges.Add((package.Id, entry.Name, dep.Name, false));
            }
        }

        // Top-level entries are what the project asked for; edges from the project itself are not kept (it is not a package here).
        var relationships = new List<Relationship>();
        foreach (var (from, dir, dependency, _) in edges)
        {
            var target = NodeModulesTree.Candidates(dir, dependency).Select(c => byPath.GetValueOrDefault(c)).FirstOrDefault(p => p is not null);
            if (target is not null)
            {
                relationships.Add(new Relationship(from, target.Id, RelationshipTypes.DependsOn));
            }
        }

        return new CatalogResult { Packages = byPath.Values.ToList(), Relationships = relationships };
    }

    // npm 6: nested "dependencies" (a package's own node_modules), "requires" naming what it uses.
    private static CatalogResult ParseV1(JsonElement root, Location location)
    {
        var byPath = new Dictionary<string, Package>(StringComparer.Ordinal);
        var requires = new List<(string From, string Dir, string Dependency)>();
        Walk(root, "");
        var relationships = requires
            .Select(r => (r.From, Target: NodeModulesTree.Candidates(r.Dir, r.Dependency).Select(c => byPath.GetValueOrDefault(c)).FirstOrDefault(p => p is not null)))
            .Where(r => r.Target is not null)
            .Select(r => new Relationship(r.From, r.Target!.Id, RelationshipTypes.DependsOn))
            .ToList();
        return new CatalogResult { Packages = byPath.Values.ToList(), Relationships = relationships };

        void Walk(JsonElement node, string dir)
        {
            foreach (var dep in node.Props("dependencies"))
            {
                var path = (dir.Length == 0 ? "" : dir + "/") + "node_modules/" + dep.Name;
                var (name, version) = NpmIdentity.Unalias(NodeModulesTree.InstalledName(dep.Name), dep.Value.Str("version") ?? "");
                if (version.Length == 0 || path.Length > 4096)
                {
                    continue;
                }

                var package = NpmIdentity.Create(name, version, FoundBy, location, metadata: Metadata(dep.Value, dep.Name), idKey: path);
                byPath[path] = package;
                requires.AddRange(dep.Value.Props("requires").Select(r => (package.Id, path, r.Name)));
                Walk(dep.Value, path);
            }
        }
    }

    private static IEnumerable<string?> Licenses(JsonElement e) =>
        e.TryGetProperty("license", out var l) && l.ValueKind == JsonValueKind.String ? [l.GetString()]
        : e.Arr("license") is { } arr ? arr.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.Str("type"))
        : [];

    private static Dictionary<string, string> Metadata(JsonElement e, string installedAs) => new()
    {
        ["dev"] = e.Flag("dev") || e.Flag("devOptional") ? "true" : "false",
        ["resolved"] = e.Str("resolved") ?? "",
        ["integrity"] = e.Str("integrity") ?? "",
        ["installedAs"] = installedAs,
    };
}
