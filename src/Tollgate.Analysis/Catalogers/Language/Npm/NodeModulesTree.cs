namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>Node's module resolution: a dependency of the package in DIR is DIR/node_modules/NAME, else the nearest ancestor's.</summary>
public static class NodeModulesTree
{
    private const string UnresolvedPrefix = "npm-unresolved:";

    /// <summary>Directories where <paramref name="dependency"/> of a package in <paramref name="dir"/> may live, nearest first.</summary>
    public static IEnumerable<string> Candidates(string dir, string dependency)
    {
        var current = dir.TrimEnd('/');
        while (true)
        {
            if (!current.EndsWith("/node_modules", StringComparison.Ordinal) && current != "node_modules")
            {
                yield return (current.Length == 0 ? "" : current + "/") + "node_modules/" + dependency;
            }

            if (current.Length == 0)
            {
                yield break;
            }

            var slash = current.LastIndexOf('/');
            current = slash < 0 ? "" : current[..slash];
        }
    }

    /// <summary>A relationship target to resolve once every installed package is known (parsers see one file each).</summary>
    public static string Unresolved(string dir, string dependency) => UnresolvedPrefix + dir + "\n" + dependency;

    public static bool TryParseUnresolved(string target, out string dir, out string dependency)
    {
        dir = dependency = "";
        if (!target.StartsWith(UnresolvedPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = target[UnresolvedPrefix.Length..].Split('\n', 2);
        (dir, dependency) = (parts[0], parts[^1]);
        return true;
    }

    /// <summary>The package name an install path stands for: "node_modules/a/node_modules/@s/b" → "@s/b".</summary>
    public static string InstalledName(string path)
    {
        var i = path.LastIndexOf("node_modules/", StringComparison.Ordinal);
        return i < 0 ? path : path[(i + "node_modules/".Length)..];
    }

    /// <summary>The project a node_modules path belongs to: "/app/node_modules/a/node_modules/b" → "/app".</summary>
    public static string ProjectRoot(string packageDir)
    {
        var i = packageDir.IndexOf("/node_modules/", StringComparison.Ordinal);
        return i < 0 ? packageDir : packageDir[..i];
    }
}
