namespace Tollgate.Vulnerabilities.Versions;

/// <summary>Debian policy 5.6.12 ordering: epoch, then upstream and revision with dpkg's verrevcmp (<c>~</c> sorts before everything).</summary>
public sealed class DpkgComparer : IVersionComparer
{
    public static readonly DpkgComparer Instance = new();

    public string Scheme => "dpkg";

    public int Compare(string a, string b)
    {
        var (ea, ua, ra) = Split(a.Trim());
        var (eb, ub, rb) = Split(b.Trim());
        var c = DigitString.Compare(ea, eb);
        if (c != 0)
        {
            return c;
        }

        c = VerRevCmp(ua, ub);
        return c != 0 ? c : VerRevCmp(ra, rb);
    }

    private static (string Epoch, string Upstream, string Revision) Split(string v)
    {
        var epoch = "0";
        var colon = v.IndexOf(':');
        if (colon > 0 && DigitString.IsAllDigits(v.AsSpan(0, colon)))
        {
            epoch = v[..colon];
            v = v[(colon + 1)..];
        }

        var dash = v.LastIndexOf('-');
        return dash < 0 ? (epoch, v, "") : (epoch, v[..dash], v[(dash + 1)..]);
    }

    private static int Order(char c) => c switch
    {
        '\0' => 0,
        _ when DigitString.IsDigit(c) => 0,
        _ when DigitString.IsLetter(c) => c,
        '~' => -1,
        _ => c + 256,
    };

    internal static int VerRevCmp(string a, string b)
    {
        int i = 0, j = 0;
        char At(string s, int k) => k < s.Length ? s[k] : '\0';
        while (i < a.Length || j < b.Length)
        {
            var firstDiff = 0;
            while ((i < a.Length && !DigitString.IsDigit(a[i])) || (j < b.Length && !DigitString.IsDigit(b[j])))
            {
                var ac = Order(At(a, i));
                var bc = Order(At(b, j));
                if (ac != bc)
                {
                    return Math.Sign(ac - bc);
                }

                i++;
                j++;
            }

            while (At(a, i) == '0')
            {
                i++;
            }

            while (At(b, j) == '0')
            {
                j++;
            }

            while (DigitString.IsDigit(At(a, i)) && DigitString.IsDigit(At(b, j)))
            {
                if (firstDiff == 0)
                {
                    firstDiff = a[i] - b[j];
                }

                i++;
                j++;
            }

            if (DigitString.IsDigit(At(a, i)))
            {
                return 1;
            }

            if (DigitString.IsDigit(At(b, j)))
            {
                return -1;
            }

            if (firstDiff != 0)
            {
                return Math.Sign(firstDiff);
            }
        }

        return 0;
    }
}
