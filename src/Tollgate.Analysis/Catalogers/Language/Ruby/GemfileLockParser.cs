using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Ruby;

/// <summary>
/// Gemfile.lock: gems under "specs:" of the GEM, GIT and PATH sections ("    name (version)"), each followed by its
/// own dependencies one level deeper ("      dep (~> 1.0)"), which become edges.
/// </summary>
public static class GemfileLockParser
{
    public const string FoundBy = "ruby-gemfile-lock";

    public static CatalogResult Parse(ParseInput input)
    {
        var gems = new List<(string Name, string Version, string Section, List<string> Deps)>();
        using var reader = new StreamReader(input.Content);
        var section = "";
        var inSpecs = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                section = line.Trim();
                inSpecs = false;
                continue;
            }

            if (line.Trim() == "specs:")
            {
                inSpecs = section is "GEM" or "GIT" or "PATH";
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            if (!inSpecs || text.Length == 0)
            {
                continue;
            }

            var paren = text.IndexOf(" (", StringComparison.Ordinal);
            var name = paren > 0 ? text[..paren] : text;
            if (indent == 4 && paren > 0)
            {
                // Platform-specific builds read "nokogiri (1.13.10-x86_64-linux)": the platform is not the version.
                var version = text[(paren + 2)..].TrimEnd(')');
                gems.Add((name, version, section, []));
            }
            else if (indent == 6 && gems.Count > 0)
            {
                gems[^1].Deps.Add(name);
            }
        }

        var packages = gems.GroupBy(g => g.Name + "@" + g.Version).Select(g => g.First())
            .Select(g => (Gem: g, Package: RubyIdentity.Create(g.Name, g.Version, FoundBy, input.Location, metadata: new Dictionary<string, string> { ["section"] = g.Section })))
            .ToList();
        var byName = packages.GroupBy(p => p.Gem.Name).ToDictionary(g => g.Key, g => g.First().Package, StringComparer.Ordinal);
        var edges = packages.SelectMany(p => p.Gem.Deps.Select(byName.GetValueOrDefault).Where(to => to is not null)
            .Select(to => new Relationship(p.Package.Id, to!.Id, RelationshipTypes.DependsOn))).ToList();
        return new CatalogResult { Packages = packages.Select(p => p.Package).ToList(), Relationships = edges };
    }
}
