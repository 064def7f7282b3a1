using System.Text.RegularExpressions;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// npm semver range strings ("&lt;1.6.5 || &gt;=1.7.0 &lt;1.7.2", "^1.2.0", "1.2.x", "1.0.0 - 2.0.0") turned into
/// intervals: one per "||" alternative.
/// </summary>
public static partial class NpmRange
{
    [GeneratedRegex(@"(<=|>=|<|>|=|\^|~)\s+")]
    private static partial Regex OperatorSpace();

    /// <summary>The intervals of a range, or null when a comparator cannot be read.</summary>
    public static List<VersionInterval>? Parse(string range)
    {
        var result = new List<VersionInterval>();
        foreach (var alternative in range.Split("||"))
        {
            var set = OperatorSpace().Replace(alternative.Trim(), "$1");
            if (set.Length == 0 || set is "*" or "x")
            {
                result.Add(new VersionInterval(null, null));
                continue;
            }

            var hyphen = set.Split(" - ");
            if (hyphen.Length == 2)
            {
                result.Add(new VersionInterval(hyphen[0].Trim(), null, hyphen[1].Trim()));
                continue;
            }

            string? lower = null, upper = null, upperInclusive = null;
            var lowerExclusive = false;
            foreach (var comparator in set.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var op = new string(comparator.TakeWhile(c => c is '<' or '>' or '=' or '^' or '~').ToArray());
                var version = comparator[op.Length..].TrimStart('v');
                if (version.Length == 0 || !char.IsAsciiDigit(version[0]))
                {
                    return null;
                }

                switch (op)
                {
                    case ">=":
                        lower = version;
                        break;
                    case ">":
                        lower = version;
                        lowerExclusive = true;
                        break;
                    case "<":
                        upper = version;
                        break;
                    case "<=":
                        upperInclusive = version;
                        break;
                    case "^" or "~":
                        lower = version;
                        upper = Bump(version, op == "^");
                        break;
                    case "=" or "":
                        if (version.Contains('x') || version.Split('.').Length < 3)
                        {
                            lower = version.Replace(".x", "", StringComparison.Ordinal);
                            upper = Bump(lower, caret: false, wildcard: true);
                        }
                        else
                        {
                            lower = upperInclusive = version;
                        }

                        break;
                    default:
                        return null;
                }
            }

            result.Add(new VersionInterval(lower, upper, upperInclusive) { IntroducedExclusive = lowerExclusive });
        }

        return result;
    }

    /// <summary>Upper bound of ^/~/wildcard ranges: ^1.2.3 → 2.0.0-0, ^0.2.3 → 0.3.0-0, ~1.2.3 → 1.3.0-0, 1.2 → 1.3.0-0.</summary>
    private static string Bump(string version, bool caret, bool wildcard = false)
    {
        var parts = version.Split('-')[0].Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).ToList();
        int index;
        if (wildcard)
        {
            index = parts.Count - 1;
        }
        else if (caret)
        {
            index = parts.FindIndex(p => p != 0);
            index = index < 0 ? parts.Count - 1 : index;
        }
        else
        {
            index = parts.Count > 1 ? 1 : 0;
        }

        while (parts.Count < 3)
        {
            parts.Add(0);
        }

        parts[index]++;
        for (var i = index + 1; i < parts.Count; i++)
        {
            parts[i] = 0;
        }

        return string.Join('.', parts.Take(3)) + "-0";
    }
}
