using System.Text.RegularExpressions;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>Gem::Version ordering: numeric and letter segments; any letter makes a pre-release; trailing zeros ignored.</summary>
public sealed partial class RubyGemsComparer : IVersionComparer
{
    public static readonly RubyGemsComparer Instance = new();

    public string Scheme => "rubygems";

    [GeneratedRegex("[0-9]+|[a-z]+", RegexOptions.IgnoreCase)]
    private static partial Regex Segment();

    public int Compare(string a, string b)
    {
        var sa = Canonical(a);
        var sb = Canonical(b);
        for (var i = 0; i < Math.Max(sa.Count, sb.Count); i++)
        {
            var l = i < sa.Count ? sa[i] : "0";
            var r = i < sb.Count ? sb[i] : "0";
            var ln = DigitString.IsDigit(l[0]);
            var rn = DigitString.IsDigit(r[0]);
            if (ln && rn)
            {
                var c = DigitString.Compare(l, r);
                if (c != 0)
                {
                    return c;
                }
            }
            else if (ln != rn)
            {
                return ln ? 1 : -1;
            }
            else if (l != r)
            {
                return Math.Sign(string.CompareOrdinal(l, r));
            }
        }

        return 0;
    }

    /// <summary>Numeric run then string run, each with trailing zeros dropped (Gem::Version#canonical_segments).</summary>
    private static List<string> Canonical(string version)
    {
        var segments = Segment().Matches(version.Trim().Replace("-", ".pre.", StringComparison.Ordinal)).Select(m => m.Value).ToList();
        var firstString = segments.FindIndex(s => !DigitString.IsDigit(s[0]));
        var numeric = firstString < 0 ? segments : segments[..firstString];
        var strings = firstString < 0 ? [] : segments[firstString..];
        return [.. DropTrailingZeros(numeric), .. DropTrailingZeros(strings)];
    }

    private static IEnumerable<string> DropTrailingZeros(List<string> segments)
    {
        var end = segments.Count;
        while (end > 0 && DigitString.IsAllDigits(segments[end - 1]) && segments[end - 1].TrimStart('0').Length == 0)
        {
            end--;
        }

        return segments.Take(end);
    }
}
