using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>
/// pnpm-lock.yaml v5 ("/name/1.0.0_peer"), v6 ("/name@1.0.0(peer)") and v9 ("name@1.0.0", edges under "snapshots").
/// A file may hold several YAML documents (pnpm's own config lockfile first); each is read.
/// </summary>
public static class PnpmLockParser
{
    public const string FoundBy = "npm-pnpm-lock";

    public static CatalogResult Parse(ParseInput input)
    {
        var yaml = new YamlStream();
        yaml.Load(new StreamReader(input.Content));
        var packages = new Dictionary<string, Package>(StringComparer.Ordinal);
        var edges = new List<Relationship>();
        var prodRoots = new List<string>();
        var devRoots = new List<string>();
        var anyDevFlag = false;
        foreach (var doc in yaml.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            var v5 = double.TryParse(Scalar(root, "lockfileVersion"), System.Globalization.CultureInfo.InvariantCulture, out var v) && v < 6;
            foreach (var (key, node) in Pairs(root, "packages"))
            {
                var (name, version) = SplitKey(key, v5);
                name = Scalar(node, "name") ?? name;
                version = Scalar(node, "version") ?? version;
                if (name.Length == 0 || version.Length == 0 || packages.ContainsKey(name + "@" + version))
                {
                    continue;
                }

                var dev = Scalar(node, "dev");
                anyDevFlag |= dev is not null;
                packages[name + "@" + version] = NpmIdentity.Create(name, version, FoundBy, input.Location, metadata: new Dictionary<string, string>
                {
                    ["dev"] = dev == "true" ? "true" : "false",
                    ["integrity"] = (node as YamlMappingNode)?.Children.TryGetValue("resolution", out var r) == true ? Scalar(r, "integrity") ?? "" : "",
                });
            }

            // v9 keeps edges in "snapshots", older versions inside each package entry.
            var withEdges = root.Children.ContainsKey("snapshots") ? "snapshots" : "packages";
            foreach (var (key, node) in Pairs(root, withEdges))
            {
                var from = Lookup(packages, SplitKey(key, v5));
                foreach (var (depName, depVersion) in Pairs(node, "dependencies").Concat(Pairs(node, "optionalDependencies")))
                {
                    if (from is not null && Lookup(packages, (depName, BaseVersion(Text(depVersion), v5))) is { } to)
                    {
                        edges.Add(new Relationship(from.Id, to.Id, RelationshipTypes.DependsOn));
                    }
                }
            }

            // Roots: v9 (and v6 workspaces) under importers, v5/v6 single projects at top level.
            var importers = Pairs(root, "importers").Select(i => i.Value).Append(root);
            foreach (var importer in importers)
            {
                Roots(importer, "dependencies", prodRoots);
                Roots(importer, "optionalDependencies", prodRoots);
                Roots(importer, "devDependencies", devRoots);
            }

            void Roots(YamlNode importer, string section, List<string> into)
            {
                foreach (var (depName, spec) in Pairs(importer, section))
                {
                    var version = Scalar(spec, "version") ?? Text(spec);
                    if (Lookup(packages, (depName, BaseVersion(version, v5))) is { } p)
                    {
                        into.Add(p.Id);
                    }
                }
            }
        }

        var list = packages.Values.ToList();
        var distinctEdges = edges.Distinct().ToList();
        IReadOnlyList<Package> result = anyDevFlag || (prodRoots.Count + devRoots.Count) == 0
            ? list
            : ProjectManifest.MarkDev(list, distinctEdges, prodRoots, devRoots);
        return new CatalogResult { Packages = result, Relationships = distinctEdges };
    }

    private static Package? Lookup(Dictionary<string, Package> packages, (string Name, string Version) key) =>
        packages.GetValueOrDefault(key.Name + "@" + key.Version);

    /// <summary>"/@scope/name/1.0.0_peer@2" (v5), "/name@1.0.0(peer@2)" (v6), "name@1.0.0(peer@2)" (v9) → (name, version).</summary>
    public static (string Name, string Version) SplitKey(string key, bool v5)
    {
        var k = key.TrimStart('/');
        if (v5)
        {
            var slash = k.LastIndexOf('/');
            return slash <= 0 ? ("", "") : (k[..slash], BaseVersion(k[(slash + 1)..], true));
        }

        var paren = k.IndexOf('(');
        k = paren > 0 ? k[..paren] : k;
        var at = k.LastIndexOf('@');
        return at <= 0 ? ("", "") : (k[..at], k[(at + 1)..]);
    }

    private static string BaseVersion(string version, bool v5)
    {
        var cut = v5 ? version.IndexOf('_') : version.IndexOf('(');
        return cut > 0 ? version[..cut] : version;
    }

    private static IEnumerable<(string Key, YamlNode Value)> Pairs(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(key, out var child) && child is YamlMappingNode m
            ? m.Children.Select(c => (Text(c.Key), c.Value))
            : [];

    private static string? Scalar(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(key, out var child) && child is YamlScalarNode s ? s.Value : null;

    private static string Text(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : "";
}
