using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os;

/// <summary>What one OS package declares: the names it provides and what it depends on (each a set of alternatives).</summary>
public sealed record DeclaredDependencies(Package Package, IReadOnlyList<string> Provides, IReadOnlyList<IReadOnlyList<string>> Requires);

/// <summary>
/// Turns declared dependencies into depends-on edges between packages of the same database: a requirement is
/// satisfied by a package of that name or one that provides it; every installed alternative gets an edge
/// (the database does not record which alternative was picked).
/// </summary>
public static class OsDependencyLinker
{
    public static IReadOnlyList<Relationship> Link(IReadOnlyList<DeclaredDependencies> declared)
    {
        var byName = new Dictionary<string, List<Package>>(StringComparer.Ordinal);
        foreach (var d in declared)
        {
            foreach (var name in d.Provides.Prepend(d.Package.Name))
            {
                if (!byName.TryGetValue(name, out var list))
                {
                    byName[name] = list = [];
                }

                list.Add(d.Package);
            }
        }

        var edges = new HashSet<Relationship>();
        foreach (var d in declared)
        {
            foreach (var target in d.Requires.SelectMany(alternatives => alternatives)
                         .SelectMany(name => byName.GetValueOrDefault(name) ?? []))
            {
                if (target.Id != d.Package.Id)
                {
                    edges.Add(new Relationship(d.Package.Id, target.Id, RelationshipTypes.DependsOn));
                }
            }
        }

        return edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
    }
}
