using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>
/// yarn.lock, classic (v1: `version "1.0.0"`) and berry (YAML: `version: 1.0.0`, `resolution: "x@npm:1.0.0"`).
/// Both are entries headed by the descriptors they satisfy, so one line reader serves both.
/// </summary>
public static class YarnLockParser
{
    public const string FoundBy = "npm-yarn-lock";

    private sealed class Entry
    {
        public List<string> Descriptors { get; } = [];
        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
        public List<(string Name, string Range)> Dependencies { get; } = [];
    }

    public static CatalogResult Parse(ParseInput input)
    {
        var entries = Read(new StreamReader(input.Content, detectEncodingFromByteOrderMarks: true));
        var byDescriptor = new Dictionary<string, Package>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, Package>(StringComparer.Ordinal);
        var kept = new List<(Package Package, Entry Entry)>();
        foreach (var entry in entries)
        {
            var first = entry.Descriptors[0];
            var at = first.IndexOf('@', 1);
            var range = at > 0 ? first[(at + 1)..] : "";
            if (at <= 0 || first.StartsWith("__metadata", StringComparison.Ordinal) || range.StartsWith("workspace:", StringComparison.Ordinal)
                || range.StartsWith("patch:", StringComparison.Ordinal) || entry.Fields.GetValueOrDefault("linkType") == "soft"
                || !entry.Fields.TryGetValue("version", out var version))
            {
                continue; // metadata, the project's own workspaces and patched copies of packages listed anyway
            }

            var name = first[..at];
            if (!byKey.TryGetValue(name + "@" + version, out var package))
            {
                package = NpmIdentity.Create(name, version, FoundBy, input.Location, metadata: new Dictionary<string, string>
                {
                    ["resolved"] = entry.Fields.GetValueOrDefault("resolved") ?? entry.Fields.GetValueOrDefault("resolution") ?? "",
                    ["integrity"] = entry.Fields.GetValueOrDefault("integrity") ?? entry.Fields.GetValueOrDefault("checksum") ?? "",
                });
                byKey[name + "@" + version] = package;
                kept.Add((package, entry));
            }

            foreach (var d in entry.Descriptors)
            {
                byDescriptor[d] = package;
            }
        }

        var edges = kept.SelectMany(k => k.Entry.Dependencies
                .Select(d => Find(byDescriptor, d.Name, d.Range))
                .Where(t => t is not null)
                .Select(t => new Relationship(k.Package.Id, t!.Id, RelationshipTypes.DependsOn)))
            .Distinct()
            .ToList();
        IReadOnlyList<Package> packages = byKey.Values.ToList();
        if (ProjectManifest.Beside(input) is { } project)
        {
            var rootsOf = (IReadOnlySet<string> names) => packages.Where(p => names.Contains(p.Name)).Select(p => p.Id);
            packages = ProjectManifest.MarkDev(packages, edges, rootsOf(project.Prod), rootsOf(project.Dev));
        }

        return new CatalogResult { Packages = packages, Relationships = edges };
    }

    private static Package? Find(Dictionary<string, Package> byDescriptor, string name, string range) =>
        byDescriptor.GetValueOrDefault(name + "@" + range) ?? byDescriptor.GetValueOrDefault(name + "@npm:" + range);

    private static List<Entry> Read(TextReader reader)
    {
        var entries = new List<Entry>();
        Entry? current = null;
        var inDependencies = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            if (indent == 0)
            {
                current = new Entry();
                current.Descriptors.AddRange(text.TrimEnd(':').Split(',').Select(Unquote).Where(d => d.Length > 0));
                if (current.Descriptors.Count > 0)
                {
                    entries.Add(current);
                }

                inDependencies = false;
            }
            else if (current is not null && indent <= 2)
            {
                var (key, value) = Split(text);
                inDependencies = value.Length == 0 && key is "dependencies" or "optionalDependencies";
                current.Fields[key] = value;
            }
            else if (current is not null && inDependencies)
            {
                var (key, value) = Split(text);
                current.Dependencies.Add((key, value));
            }
        }

        return entries;
    }

    // `key "value"` (classic) or `key: value` (berry); keys and values may be quoted.
    private static (string Key, string Value) Split(string text)
    {
        int cut;
        if (text.StartsWith('"'))
        {
            cut = text.IndexOf('"', 1) + 1;
        }
        else
        {
            cut = text.IndexOfAny([' ', ':']);
            cut = cut < 0 ? text.Length : cut;
        }

        var key = Unquote(text[..cut].TrimEnd(':'));
        var value = text[cut..].TrimStart(':').Trim();
        return (key, Unquote(value));
    }

    private static string Unquote(string s)
    {
        s = s.Trim();
        return s.Trim().Trim('"');
    }
}
