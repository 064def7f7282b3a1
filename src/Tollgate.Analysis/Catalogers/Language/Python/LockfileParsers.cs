using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Python;

/// <summary>Python project lockfiles: poetry.lock and uv.lock ([[package]] TOML tables) and Pipfile.lock (JSON).</summary>
public static class LockfileParsers
{
    public const string PoetryFoundBy = "python-poetry-lock";
    public const string UvFoundBy = "python-uv-lock";
    public const string PipenvFoundBy = "python-pipfile-lock";

    /// <summary>poetry.lock: name, version, category "dev" (poetry &lt; 1.2); dependencies under [package.dependencies].</summary>
    public static CatalogResult ParsePoetry(ParseInput input) =>
        FromTables(input, PoetryFoundBy, t => t.Children.GetValueOrDefault("dependencies")?.Values.Keys ?? Enumerable.Empty<string>());

    /// <summary>uv.lock: name, version; dependencies = [{ name = "x" }, …]; the editable/virtual project itself is skipped.</summary>
    public static CatalogResult ParseUv(ParseInput input) =>
        FromTables(input, UvFoundBy, t => (t.Arrays.GetValueOrDefault("dependencies") ?? []).Select(d => TomlTables.InlineValue(d, "name") ?? ""));

    /// <summary>Pipfile.lock: "default" (production) and "develop" sections, versions as "==1.2.3".</summary>
    public static CatalogResult ParsePipfile(ParseInput input)
    {
        using var doc = Json.Parse(input.Content);
        var packages = new List<Package>();
        foreach (var (section, dev) in new[] { ("default", "false"), ("develop", "true") })
        {
            foreach (var entry in doc.RootElement.Props(section))
            {
                var version = entry.Value.Str("version")?.TrimStart('=');
                if (!string.IsNullOrEmpty(version))
                {
                    packages.Add(PythonIdentity.Create(entry.Name, version, PipenvFoundBy, input.Location, metadata: new Dictionary<string, string> { ["dev"] = dev }));
                }
            }
        }

        return new CatalogResult { Packages = packages };
    }

    private static CatalogResult FromTables(ParseInput input, string foundBy, Func<TomlTable, IEnumerable<string>> dependencies)
    {
        var tables = TomlTables.Read(new StreamReader(input.Content), "package");
        var byName = new Dictionary<string, Package>(StringComparer.Ordinal);
        var kept = new List<(Package Package, TomlTable Table)>();
        foreach (var t in tables)
        {
            var source = t.Get("source") ?? "";
            if (t.Get("name") is not { Length: > 0 } name || t.Get("version") is not { Length: > 0 } version
                || source.Contains("editable", StringComparison.Ordinal) || source.Contains("virtual", StringComparison.Ordinal))
            {
                continue;
            }

            var groups = t.Arrays.GetValueOrDefault("groups");
            var dev = t.Get("category") == "dev" || (groups is not null && !groups.Contains("main"));
            var package = PythonIdentity.Create(name, version, foundBy, input.Location, metadata: new Dictionary<string, string>
            {
                ["dev"] = dev ? "true" : "false",
            });
            byName.TryAdd(PythonIdentity.Normalize(name), package);
            kept.Add((package, t));
        }

        var edges = kept.SelectMany(k => dependencies(k.Table)
                .Select(d => byName.GetValueOrDefault(PythonIdentity.Normalize(d)))
                .Where(to => to is not null)
                .Select(to => new Relationship(k.Package.Id, to!.Id, RelationshipTypes.DependsOn)))
            .ToList();
        return new CatalogResult { Packages = kept.Select(k => k.Package).ToList(), Relationships = edges };
    }
}
