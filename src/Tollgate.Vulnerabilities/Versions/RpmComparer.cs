namespace Tollgate.Vulnerabilities.Versions;

/// <summary>rpm ordering: epoch, version, release, each with rpmvercmp (<c>~</c> before everything, <c>^</c> after the end).</summary>
public sealed class RpmComparer : IVersionComparer
{
    public static readonly RpmComparer Instance = new();

    public string Scheme => "rpm";

    public int Compare(string a, string b)
    {
        var (ea, va, ra) = Split(a.Trim());
        var (eb, vb, rb) = Split(b.Trim());
        var c = RpmVerCmp(ea, eb);
        if (c != 0)
        {
            return c;
        }

        c = RpmVerCmp(va, vb);
        if (c != 0)
        {
            return c;
        }

        // A missing release sorts before any release, even an empty one ("1" < "1-").
        if (ra is null || rb is null)
        {
            return ra is null ? (rb is null ? 0 : -1) : 1;
        }

        return RpmVerCmp(ra, rb);
    }

    private static (string Epoch, string Version, string? Release) Split(string v)
    {
        var epoch = "0";
        var colon = v.IndexOf(':');
        if (colon >= 0)
        {
            epoch = colon == 0 ? "0" : v[..colon];
            v = v[(colon + 1)..];
        }

        var dash = v.LastIndexOf('-');
        return dash < 0 ? (epoch, v, null) : (epoch, v[..dash], v[(dash + 1)..]);
    }

    private static bool IsAlnum(char c) => DigitString.IsDigit(c) || DigitString.IsLetter(c);

    /// <summary>rpm's rpmvercmp: alternating digit and letter segments, separators ignored.</summary>
    public static int RpmVerCmp(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !IsAlnum(a[i]) && a[i] is not '~' and not '^')
            {
                i++;
            }

            while (j < b.Length && !IsAlnum(b[j]) && b[j] is not '~' and not '^')
            {
                j++;
            }

            var ca = i < a.Length ? a[i] : '\0';
            var cb = j < b.Length ? b[j] : '\0';
            if (ca == '~' || cb == '~')
            {
                if (ca != '~')
                {
                    return 1;
                }

                if (cb != '~')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (ca == '^' || cb == '^')
            {
                if (ca == '\0')
                {
                    return -1;
                }

                if (cb == '\0')
                {
                    return 1;
                }

                if (ca != '^')
                {
                    return 1;
                }

                if (cb != '^')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (ca == '\0' || cb == '\0')
            {
                break;
            }

            var numeric = DigitString.IsDigit(ca);
            var si = i;
            var sj = j;
            Func<char, bool> same = numeric ? DigitString.IsDigit : DigitString.IsLetter;
            while (i < a.Length && same(a[i]))
            {
                i++;
            }

            while (j < b.Length && same(b[j]))
            {
                j++;
            }

            if (sj == j)
            {
                // Segments of different kinds: a number is newer than letters.
                return numeric ? 1 : -1;
            }

            var c = numeric
                ? DigitString.Compare(a.AsSpan(si, i - si), b.AsSpan(sj, j - sj))
                : Math.Sign(a.AsSpan(si, i - si).SequenceCompareTo(b.AsSpan(sj, j - sj)));
            if (c != 0)
            {
                return c;
            }
        }

        var endA = i >= a.Length;
        var endB = j >= b.Length;
        return endA && endB ? 0 : endA ? -1 : 1;
    }
}
