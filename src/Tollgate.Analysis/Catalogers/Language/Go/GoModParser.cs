using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Language.Go;

/// <summary>
/// go.mod "require" lines (single and block form, "// indirect" kept as metadata) with "replace" directives applied;
/// h1 sums from the go.sum beside it when the layer pass kept one.
/// </summary>
public static class GoModParser
{
    public const string FoundBy = "go-mod-file";

    public static CatalogResult Parse(ParseInput input)
    {
        var requires = new List<(string Path, string Version, bool Indirect)>();
        var replaces = new Dictionary<string, (string Path, string Version)>(StringComparer.Ordinal);
        string? block = null;
        using (var reader = new StreamReader(input.Content))
        {
            while (reader.ReadLine() is { } raw)
            {
                var indirect = raw.Contains("// indirect", StringComparison.Ordinal);
                var line = raw.Split("//")[0].Trim();
                if (line.EndsWith('(') && line.Split(' ')[0] is var keyword)
                {
                    block = keyword;
                    continue;
                }

                if (line == ")")
                {
                    block = null;
                    continue;
                }

                var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (block is null && words.Length > 0 && words[0] is "require" or "replace")
                {
                    (block, words) = (words[0], words[1..]);
                    Apply(block, words, indirect);
                    block = null;
                }
                else if (block is not null)
                {
                    Apply(block, words, indirect);
                }
            }
        }

        var sums = GoSums(input);
        var packages = requires.Select(r =>
        {
            var (path, version) = replaces.TryGetValue(r.Path + "@" + r.Version, out var exact) ? exact
                : replaces.TryGetValue(r.Path, out var any) ? any : (r.Path, r.Version);
            return GoIdentity.Create(path, version, FoundBy, input.Location, new Dictionary<string, string>
            {
                ["h1Digest"] = sums.GetValueOrDefault(path + " " + version) ?? "",
                ["indirect"] = r.Indirect ? "true" : "",
            });
        }).Where(p => p.Version.Length > 0).ToList();
        return new CatalogResult { Packages = packages };

        void Apply(string kind, string[] words, bool indirect)
        {
            if (kind == "require" && words.Length >= 2)
            {
                requires.Add((words[0], words[1], indirect));
            }
            else if (kind == "replace" && Array.IndexOf(words, "=>") is var arrow and > 0 && words.Length > arrow + 1)
            {
                var from = arrow == 2 ? words[0] + "@" + words[1] : words[0];
                // A local directory replacement ("=> ../fork") has no version: the module is not a registry module.
                replaces[from] = (words[arrow + 1], words.ElementAtOrDefault(arrow + 2) ?? "");
            }
        }
    }

    private static Dictionary<string, string> GoSums(ParseInput input)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        var contents = input.Context?.Contents;
        if (contents?.Find(PathUtil.Parent(input.Location.Path) + "/go.sum") is not { } file)
        {
            return sums;
        }

        using var reader = new StreamReader(contents.Open(file));
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && !f[1].EndsWith("/go.mod", StringComparison.Ordinal))
            {
                sums[f[0] + " " + f[1]] = f[2];
            }
        }

        return sums;
    }
}
