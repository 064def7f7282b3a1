using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.DotNet;

/// <summary>
/// *.deps.json of a built .NET app: each library of type "package" (and the "runtimepack" a self-contained app
/// carries) is a NuGet package with its sha512; "project" and "referenceassembly" entries are the app itself and
/// framework facades, not packages. Edges come from the target's dependency lists.
/// </summary>
public static class DepsJsonParser
{
    public const string FoundBy = "dotnet-deps";

    /// <summary>Metadata key listing the assembly file names the package ships.</summary>
    public const string AssetsKey = "assets";

    public static CatalogResult Parse(ParseInput input)
    {
        using var doc = Json.Parse(input.Content);
        var root = doc.RootElement;
        var targets = root.Obj("targets")?.EnumerateObject().Select(t => t.Value).ToList() ?? [];
        var byKey = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in root.Props("libraries"))
        {
            var type = library.Value.Str("type");
            var slash = library.Name.LastIndexOf('/');
            if (slash <= 0)
            {
                continue;
            }

            var target = targets.Select(t => t.Obj(library.Name)).FirstOrDefault(t => t is not null);
            var assets = target is { } te
                ? te.Props("runtime").Concat(te.Props("native")).Concat(te.Props("resources")).Select(a => a.Name[(a.Name.LastIndexOf('/') + 1)..]).ToList()
                : [];
            if (type is not ("package" or "runtimepack"))
            {
                continue;
            }

            var name = library.Name[..slash];
            name = type == "runtimepack" && name.StartsWith("runtimepack.", StringComparison.Ordinal) ? name["runtimepack.".Length..] : name;
            var version = library.Name[(slash + 1)..];
            var sha512 = library.Value.Str("sha512");
            var package = DotNetIdentity.Create(name, version, FoundBy, input.Location, new Dictionary<string, string>
            {
                ["path"] = library.Value.Str("path") ?? "",
                ["hashPath"] = library.Value.Str("hashPath") ?? "",
                [AssetsKey] = string.Join(';', assets),
            });
            if (sha512 is { Length: > 7 } && sha512.StartsWith("sha512-", StringComparison.Ordinal))
            {
                package = package with { Digests = [new Digest("sha512", sha512[7..])] };
            }

            byKey[library.Name] = package;
        }

        var edges = new List<Relationship>();
        foreach (var target in targets)
        {
            foreach (var entry in target.EnumerateObject())
            {
                if (byKey.TryGetValue(entry.Name, out var from))
                {
                    edges.AddRange(entry.Value.Props("dependencies")
                        .Select(d => byKey.GetValueOrDefault(d.Name + "/" + d.Value.GetString()))
                        .Where(to => to is not null)
                        .Select(to => new Relationship(from.Id, to!.Id, RelationshipTypes.DependsOn)));
                }
            }
        }

        return new CatalogResult { Packages = byKey.Values.ToList(), Relationships = edges.Distinct().ToList() };
    }
}
