using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>
/// depends-on edges between the packages of one database: a REQUIRENAME resolves to the packages that PROVIDE it,
/// or own it when it is a file path ("/bin/sh"). rpm's own capabilities ("rpmlib(…)") and unresolved names give no edge.
/// </summary>
internal static class RpmDependencies
{
    public static List<Relationship> Resolve(IReadOnlyList<(string Id, RpmPackageRecord Record)> packages)
    {
        var providers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string capability, string id)
        {
            if (!providers.TryGetValue(capability, out var ids))
            {
                providers[capability] = ids = [];
            }

            if (ids.Count == 0 || ids[^1] != id)
            {
                ids.Add(id);
            }
        }

        foreach (var (id, record) in packages)
        {
            foreach (var capability in record.Provides)
            {
                Add(capability, id);
            }

            foreach (var file in record.Files)
            {
                Add(file.Path, id);
            }
        }

        var seen = new HashSet<Relationship>();
        var edges = new List<Relationship>(); // in database order, so output is stable from run to run
        foreach (var (id, record) in packages)
        {
            foreach (var required in record.Requires)
            {
                if (required.StartsWith("rpmlib(", StringComparison.Ordinal) || !providers.TryGetValue(required, out var ids))
                {
                    continue;
                }

                foreach (var provider in ids.Where(p => p != id))
                {
                    var edge = new Relationship(id, provider, RelationshipTypes.DependsOn);
                    if (seen.Add(edge))
                    {
                        edges.Add(edge);
                    }
                }
            }
        }

        return edges;
    }
}
