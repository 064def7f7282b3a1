using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Images.Content;

/// <summary>Compiles path globs: "**" crosses directories, "*" and "?" do not; patterns match absolute paths.</summary>
public static class Glob
{
    public static Func<string, bool> Compile(string glob)
    {
        var pattern = glob.StartsWith('/') || glob.StartsWith("**", StringComparison.Ordinal) ? glob : "/" + glob;
        if (Suffix(pattern) is { } suffix)
        {
            // Every file of every layer meets every request's globs: the common shapes skip the regex engine.
            return path => (path.StartsWith('/') ? path : "/" + path).EndsWith(suffix, StringComparison.Ordinal);
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more whole directories; a trailing "**" matches anything.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    regex.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    regex.Append(".*");
                    i += 1;
                }
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        var compiled = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
        var leading = pattern.StartsWith("**", StringComparison.Ordinal);
        return path => compiled.IsMatch(leading && !path.StartsWith('/') ? "/" + path : path);
    }

    /// <summary>
    /// "**/a/b" and "**/*x/y" with no other wildcard match exactly the (slash-led) paths ending in "/a/b" or "x/y":
    /// "**/" is any run of whole folders and a single "*" any start of the segment. Null for every other shape.
    /// </summary>
    private static string? Suffix(string pattern)
    {
        if (!pattern.StartsWith("**/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = pattern[3..];
        var literal = rest.StartsWith('*') ? rest[1..] : "/" + rest;
        return literal.Length > 0 && literal.AsSpan().IndexOfAny('*', '?') < 0 ? literal : null;
    }
}
