using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Rust;

/// <summary>
/// Cargo.lock [[package]] tables: name, version, source (registry, git or none for workspace/path crates), checksum;
/// "dependencies" entries ("name", "name version" or "name version (source)") become edges.
/// </summary>
public static class CargoLockParser
{
    public const string FoundBy = "rust-cargo-lock";

    public static CatalogResult Parse(ParseInput input)
    {
        var tables = TomlTables.Read(new StreamReader(input.Content), "package");
        var crates = tables.Where(t => t.Get("name") is { Length: > 0 } && t.Get("version") is { Length: > 0 })
            .Select(t => (Table: t, Package: RustIdentity.Create(t.Get("name")!, t.Get("version")!, FoundBy, input.Location, new Dictionary<string, string>
            {
                ["source"] = t.Get("source") ?? "",
                ["checksum"] = t.Get("checksum") ?? "",
            })))
            .ToList();
        var edges = new List<Relationship>();
        foreach (var (table, from) in crates)
        {
            foreach (var dep in table.Arrays.GetValueOrDefault("dependencies") ?? [])
            {
                var words = dep.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var to = crates.Select(c => c.Package).FirstOrDefault(p => p.Name == words[0] && (words.Length < 2 || p.Version == words[1]));
                if (to is not null)
                {
                    edges.Add(new Relationship(from.Id, to.Id, RelationshipTypes.DependsOn));
                }
            }
        }

        return new CatalogResult { Packages = crates.Select(c => c.Package).ToList(), Relationships = edges };
    }
}
