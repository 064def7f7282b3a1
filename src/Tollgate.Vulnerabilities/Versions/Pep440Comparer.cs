using System.Text.RegularExpressions;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// PEP 440 ordering (epoch, release, pre, post, dev, local) as the "packaging" library keys it; strings that
/// are not PEP 440 sort before every valid version and among themselves by the legacy setuptools key.
/// </summary>
public sealed partial class Pep440Comparer : IVersionComparer
{
    public static readonly Pep440Comparer Instance = new();

    public string Scheme => "pep440";

    [GeneratedRegex(@"^\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?<pre>[-_\.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?<pre_n>[0-9]+)?)?(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\.]?(?<post_l>post|rev|r)[-_\.]?(?<post_n2>[0-9]+)?))?(?<dev>[-_\.]?(?<dev_l>dev)[-_\.]?(?<dev_n>[0-9]+)?)?)(?:\+(?<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(\d+|[a-z]+|\.|-)")]
    private static partial Regex LegacyComponent();

    public int Compare(string a, string b)
    {
        var ma = Pattern().Match(a);
        var mb = Pattern().Match(b);
        if (!ma.Success || !mb.Success)
        {
            if (ma.Success != mb.Success)
            {
                return ma.Success ? 1 : -1;
            }

            return CompareLegacy(a, b);
        }

        return CompareValid(ma, mb);
    }

    private static int CompareValid(Match a, Match b)
    {
        var c = DigitString.Compare(Num(a, "epoch"), Num(b, "epoch"));
        if (c != 0)
        {
            return c;
        }

        c = CompareRelease(a.Groups["release"].Value, b.Groups["release"].Value);
        if (c != 0)
        {
            return c;
        }

        c = ComparePre(a, b);
        if (c != 0)
        {
            return c;
        }

        // No post-release sorts before any post-release.
        c = CompareOptional(PostNumber(a), PostNumber(b), missingIsLow: true);
        if (c != 0)
        {
            return c;
        }

        // No dev-release sorts after any dev-release.
        c = CompareOptional(DevNumber(a), DevNumber(b), missingIsLow: false);
        return c != 0 ? c : CompareLocal(a.Groups["local"], b.Groups["local"]);
    }

    private static string Num(Match m, string group) => m.Groups[group].Success ? m.Groups[group].Value : "0";

    private static string? PostNumber(Match m) =>
        m.Groups["post_n1"].Success ? m.Groups["post_n1"].Value
        : m.Groups["post_l"].Success ? (m.Groups["post_n2"].Success ? m.Groups["post_n2"].Value : "0")
        : null;

    private static string? DevNumber(Match m) => m.Groups["dev_l"].Success ? Num(m, "dev_n") : null;

    private static int CompareOptional(string? a, string? b, bool missingIsLow)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : (a is null) == missingIsLow ? -1 : 1;
        }

        return DigitString.Compare(a, b);
    }

    private static int CompareRelease(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var c = DigitString.Compare(i < pa.Length ? pa[i] : "0", i < pb.Length ? pb[i] : "0");
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Pre-release key: a dev-only release sorts before every pre-release, a final after all of them.</summary>
    private static (int Rank, string Letter, string Number) PreKey(Match m)
    {
        if (!m.Groups["pre_l"].Success)
        {
            return m.Groups["dev_l"].Success && !m.Groups["post"].Success ? (-1, "", "0") : (1, "", "0");
        }

        var letter = m.Groups["pre_l"].Value.ToLowerInvariant() switch
        {
            "alpha" => "a",
            "beta" => "b",
            "c" or "pre" or "preview" or "rc" => "rc",
            var l => l,
        };
        return (0, letter, Num(m, "pre_n"));
    }

    private static int ComparePre(Match a, Match b)
    {
        var ka = PreKey(a);
        var kb = PreKey(b);
        var c = ka.Rank.CompareTo(kb.Rank);
        if (c != 0 || ka.Rank != 0)
        {
            return c;
        }

        c = Math.Sign(string.CompareOrdinal(ka.Letter, kb.Letter));
        return c != 0 ? c : DigitString.Compare(ka.Number, kb.Number);
    }

    /// <summary>No local sorts first; numeric segments beat alphanumeric ones; a longer local wins a tie.</summary>
    private static int CompareLocal(Group a, Group b)
    {
        if (!a.Success || !b.Success)
        {
            return a.Success == b.Success ? 0 : a.Success ? 1 : -1;
        }

        var pa = a.Value.ToLowerInvariant().Split('-', '_', '.');
        var pb = b.Value.ToLowerInvariant().Split('-', '_', '.');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var na = DigitString.IsAllDigits(pa[i]);
            var nb = DigitString.IsAllDigits(pb[i]);
            var c = na && nb ? DigitString.Compare(pa[i], pb[i])
                : na != nb ? (na ? 1 : -1)
                : Math.Sign(string.CompareOrdinal(pa[i], pb[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return pa.Length.CompareTo(pb.Length);
    }

    private static int CompareLegacy(string a, string b)
    {
        var ka = LegacyKey(a);
        var kb = LegacyKey(b);
        for (var i = 0; i < Math.Min(ka.Count, kb.Count); i++)
        {
            var c = Math.Sign(string.CompareOrdinal(ka[i], kb[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return ka.Count.CompareTo(kb.Count);
    }

    /// <summary>setuptools' legacy key: zero-padded numbers, "*"-prefixed words, trailing zeros and finals dropped.</summary>
    private static List<string> LegacyKey(string version)
    {
        var parts = new List<string>();
        foreach (var raw in LegacyComponent().Split(version.ToLowerInvariant()).Append("*final-end"))
        {
            var part = raw switch
            {
                "pre" or "preview" or "rc" => "c",
                "-" => "final-",
                "dev" => "@",
                _ => raw,
            };
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "*final-end")
            {
                part = "*final";
            }
            else
            {
                part = DigitString.IsDigit(part[0]) ? part.PadLeft(8, '0') : "*" + part;
            }

            if (part.StartsWith('*'))
            {
                if (string.CompareOrdinal(part, "*final") < 0)
                {
                    while (parts.Count > 0 && parts[^1] == "*final-")
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }

                while (parts.Count > 0 && parts[^1] == "00000000")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }

            parts.Add(part);
        }

        return parts;
    }
}
