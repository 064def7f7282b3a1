namespace Tollgate.Policy.Gates.Packages;

/// <summary>
/// Package version ordering for required_package's "minimum": the dpkg algorithm (epoch, then upstream and
/// revision compared as alternating non-digit and digit runs, '~' before everything), which also orders
/// rpm and apk versions correctly for the common cases.
/// </summary>
public static class VersionOrder
{
    public static int Compare(string packageType, string a, string b)
    {
        var (ea, ra) = SplitEpoch(a);
        var (eb, rb) = SplitEpoch(b);
        if (ea != eb)
        {
            return ea.CompareTo(eb);
        }

        var (ua, va) = SplitRevision(ra);
        var (ub, vb) = SplitRevision(rb);
        var c = CompareRuns(ua, ub);
        return c != 0 ? c : CompareRuns(va, vb);
    }

    private static (long Epoch, string Remainder) SplitEpoch(string v)
    {
        var colon = v.IndexOf(':');
        return colon > 0 && long.TryParse(v[..colon], out var e) ? (e, v[(colon + 1)..]) : (0, v);
    }

    private static (string Upstream, string Revision) SplitRevision(string v)
    {
        var dash = v.LastIndexOf('-');
        return dash > 0 ? (v[..dash], v[(dash + 1)..]) : (v, "");
    }

    private static int CompareRuns(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ca = i < a.Length && !char.IsAsciiDigit(a[i]) ? Weight(a[i]) : 0;
                var cb = j < b.Length && !char.IsAsciiDigit(b[j]) ? Weight(b[j]) : 0;
                if (ca != cb)
                {
                    return ca.CompareTo(cb);
                }

                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
            {
                i++;
            }

            while (j < b.Length && b[j] == '0')
            {
                j++;
            }

            var first = 0;
            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (first == 0)
                {
                    first = a[i].CompareTo(b[j]);
                }

                i++;
                j++;
            }

            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }

            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }

            if (first != 0)
            {
                return first;
            }
        }

        return 0;
    }

    /// <summary>dpkg's order: '~' sorts before the end, letters before other symbols.</summary>
    private static int Weight(char c) => c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;
}
