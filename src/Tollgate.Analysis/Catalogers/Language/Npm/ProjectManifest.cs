using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>
/// The project package.json beside a lockfile: which dependencies are for production and which for development.
/// yarn.lock and pnpm v9 do not say "dev" per package, so it is derived from what each root reaches.
/// </summary>
public sealed record ProjectManifest(IReadOnlySet<string> Prod, IReadOnlySet<string> Dev)
{
    /// <summary>Reads the sibling package.json when the layer pass kept it; null when there is none.</summary>
    public static ProjectManifest? Beside(ParseInput input)
    {
        var dir = input.Location.Path[..input.Location.Path.LastIndexOf('/')];
        if (input.Context?.Contents.Find(dir + "/package.json") is not { } file)
        {
            return null;
        }

        try
        {
            using var stream = input.Context.Contents.Open(file);
            using var doc = Json.Parse(stream);
            var r = doc.RootElement;
            return new ProjectManifest(
                r.Props("dependencies").Concat(r.Props("optionalDependencies")).Concat(r.Props("peerDependencies")).Select(p => p.Name).ToHashSet(),
                r.Props("devDependencies").Select(p => p.Name).ToHashSet());
        }
        catch (Exception e) when (FileCataloger.IsBadInput(e))
        {
            input.Warn($"{file.Path}: unreadable package.json, dev dependencies of {input.Location.Path} not told apart: {e.Message}");
            return null;
        }
    }

    /// <summary>Marks each package "dev" unless a production root reaches it through depends-on edges.</summary>
    public static IReadOnlyList<Package> MarkDev(
        IReadOnlyList<Package> packages, IReadOnlyList<Relationship> edges, IEnumerable<string> prodRootIds, IEnumerable<string> devRootIds)
    {
        var next = edges.ToLookup(e => e.From, e => e.To);
        var prod = Reach(prodRootIds, next);
        var dev = Reach(devRootIds, next);
        return packages.Select(p => p with
        {
            Metadata = new Dictionary<string, string>(p.Metadata)
            {
                ["dev"] = prod.Contains(p.Id) ? "false" : dev.Contains(p.Id) ? "true" : "false",
            },
        }).ToList();
    }

    private static HashSet<string> Reach(IEnumerable<string> roots, ILookup<string, string> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(roots);
        while (stack.TryPop(out var id))
        {
            if (seen.Add(id))
            {
                foreach (var n in next[id])
                {
                    stack.Push(n);
                }
            }
        }

        return seen;
    }
}
