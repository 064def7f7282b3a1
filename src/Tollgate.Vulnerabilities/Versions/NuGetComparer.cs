namespace Tollgate.Vulnerabilities.Versions;

/// <summary>NuGet ordering: up to four numeric parts (missing parts are 0), then SemVer pre-release, case-insensitive.</summary>
public sealed class NuGetComparer : IVersionComparer
{
    public static readonly NuGetComparer Instance = new();

    public string Scheme => "nuget";

    public int Compare(string a, string b)
    {
        var (ca, pa) = Parse(a);
        var (cb, pb) = Parse(b);
        for (var i = 0; i < 4; i++)
        {
            var c = DigitString.Compare(i < ca.Length ? ca[i] : "0", i < cb.Length ? cb[i] : "0");
            if (c != 0)
            {
                return c;
            }
        }

        return SemverComparer.ComparePrerelease(pa, pb, ignoreCase: true);
    }

    private static (string[] Core, string? Pre) Parse(string v)
    {
        v = v.Trim();
        var plus = v.IndexOf('+');
        if (plus >= 0)
        {
            v = v[..plus];
        }

        var dash = v.IndexOf('-');
        var core = dash >= 0 ? v[..dash] : v;
        return (core.Split('.'), dash >= 0 ? v[(dash + 1)..] : null);
    }
}
