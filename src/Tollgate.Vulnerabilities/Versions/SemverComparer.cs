namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// SemVer 2.0 precedence for npm, crates.io and Go: optional "v", numeric core of any length, pre-release
/// identifiers, build metadata ignored. Go pseudo-versions (v0.0.0-2021…-abcdef) are pre-releases and
/// "+incompatible" is build metadata, so both order correctly without special cases.
/// </summary>
public sealed class SemverComparer : IVersionComparer
{
    public static readonly SemverComparer Instance = new();

    public string Scheme => "semver";

    public int Compare(string a, string b)
    {
        var pa = Parse(a);
        var pb = Parse(b);
        var n = Math.Max(pa.Core.Length, pb.Core.Length);
        for (var i = 0; i < n; i++)
        {
            var c = DigitString.Compare(i < pa.Core.Length ? pa.Core[i] : "0", i < pb.Core.Length ? pb.Core[i] : "0");
            if (c != 0)
            {
                return c;
            }
        }

        return ComparePrerelease(pa.Pre, pb.Pre, ignoreCase: false);
    }

    internal static (string[] Core, string? Pre) Parse(string v)
    {
        v = v.Trim();
        if (v.StartsWith('v') || v.StartsWith('V') || v.StartsWith('='))
        {
            v = v[1..];
        }

        var plus = v.IndexOf('+');
        if (plus >= 0)
        {
            v = v[..plus];
        }

        var dash = v.IndexOf('-');
        string? pre = dash >= 0 ? v[(dash + 1)..] : null;
        var core = dash >= 0 ? v[..dash] : v;

        // Only the first three components are the version; semver treats more as not part of precedence.
        var parts = core.Split('.').Select(p => DigitString.IsAllDigits(p) ? p : "0").Take(3).ToArray();
        return (parts, pre);
    }

    /// <summary>A release is newer than any pre-release; identifiers compare numerically when numeric, numbers first.</summary>
    internal static int ComparePrerelease(string? a, string? b, bool ignoreCase)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : 1) : -1;
        }

        var ia = a.Split('.');
        var ib = b.Split('.');
        for (var i = 0; i < Math.Min(ia.Length, ib.Length); i++)
        {
            var na = DigitString.IsAllDigits(ia[i]);
            var nb = DigitString.IsAllDigits(ib[i]);
            int c;
            if (na && nb)
            {
                c = DigitString.Compare(ia[i], ib[i]);
            }
            else if (na != nb)
            {
                c = na ? -1 : 1;
            }
            else
            {
                c = Math.Sign(ignoreCase ? string.Compare(ia[i], ib[i], StringComparison.OrdinalIgnoreCase) : string.CompareOrdinal(ia[i], ib[i]));
            }

            if (c != 0)
            {
                return c;
            }
        }

        return ia.Length.CompareTo(ib.Length);
    }
}
