using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>
/// npm packages: installed package.json files and the project lockfiles (package-lock, yarn, pnpm). A lockfile entry
/// that is also installed in the project's node_modules is folded into the installed package (one package, two
/// locations, the lock's dev flag and edges), so an app with its lockfile is not counted twice.
/// </summary>
public sealed class NpmCataloger() : FileCataloger(
    "npm",
    new ParserBinding(new ContentRequest { Name = "npm-package-json", PathMatches = ContentRequest.Globs("**/package.json") }, PackageJsonParser.Parse),
    new ParserBinding(new ContentRequest { Name = "npm-package-lock", PathMatches = ContentRequest.Globs("**/package-lock.json", "**/npm-shrinkwrap.json") }, PackageLockParser.Parse),
    new ParserBinding(new ContentRequest { Name = "npm-yarn-lock", PathMatches = ContentRequest.Globs("**/yarn.lock") }, YarnLockParser.Parse),
    new ParserBinding(new ContentRequest { Name = "npm-pnpm-lock", PathMatches = ContentRequest.Globs("**/pnpm-lock.yaml") }, PnpmLockParser.Parse))
{
    protected override CatalogResult Finish(CatalogContext context, CatalogResult result)
    {
        var installed = result.Packages.Where(p => p.FoundBy == PackageJsonParser.FoundBy).ToList();
        var installedByDir = installed.GroupBy(p => Dir(p.Locations[0].Path)).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var installedByKey = installed
            .GroupBy(p => (NodeModulesTree.ProjectRoot(Dir(p.Locations[0].Path)), p.Name, p.Version))
            .ToDictionary(g => g.Key, g => g.First());

        // Fold lock entries into their installed copy; remember the id each folded entry now answers to.
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var merged = installed.ToDictionary(p => p.Id);
        var kept = new List<Package>();
        foreach (var locked in result.Packages.Where(p => p.FoundBy != PackageJsonParser.FoundBy))
        {
            if (installedByKey.TryGetValue((Dir(locked.Locations[0].Path), locked.Name, locked.Version), out var target))
            {
                var current = merged[target.Id];
                merged[target.Id] = current with
                {
                    Locations = current.Locations.Concat(locked.Locations).Distinct().ToList(),
                    Metadata = locked.Metadata.Concat(current.Metadata).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
                };
                renamed[locked.Id] = target.Id;
            }
            else
            {
                kept.Add(locked);
            }
        }

        var relationships = result.Relationships
            .Select(r => Resolve(r, installedByDir, renamed))
            .Where(r => r is not null && r.From != r.To)
            .Select(r => r!)
            .Distinct()
            .ToList();
        return new CatalogResult { Packages = [.. installed.Select(p => merged[p.Id]), .. kept], Relationships = relationships };
    }

    private static Relationship? Resolve(Relationship r, Dictionary<string, string> installedByDir, Dictionary<string, string> renamed)
    {
        var to = r.To;
        if (NodeModulesTree.TryParseUnresolved(r.To, out var dir, out var dependency))
        {
            to = NodeModulesTree.Candidates(dir, dependency).Select(installedByDir.GetValueOrDefault).FirstOrDefault(id => id is not null);
            if (to is null)
            {
                return null; // not installed (optional, or pruned with --omit=dev)
            }
        }

        return new Relationship(renamed.GetValueOrDefault(r.From, r.From), renamed.GetValueOrDefault(to, to), r.Type);
    }

    private static string Dir(string path) => path[..Math.Max(0, path.LastIndexOf('/'))];
}
