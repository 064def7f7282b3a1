using System.Text;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// Composer/Packagist ordering, PHP's version_compare on a canonical form: dev &lt; alpha = a &lt; beta = b &lt;
/// RC = rc &lt; (number, "#") &lt; pl = p; a longer version wins when the shorter one is its prefix.
/// </summary>
public sealed class ComposerComparer : IVersionComparer
{
    public static readonly ComposerComparer Instance = new();

    private const string NumberForm = "#N#";

    private static readonly (string Name, int Order)[] SpecialForms =
    [
        ("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4), ("pl", 5), ("p", 5),
    ];

    public string Scheme => "composer";

    public int Compare(string a, string b) => CompareParts(Canonical(a), Canonical(b));

    private static int CompareParts(List<string> a, List<string> b)
    {
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var c = ComparePart(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        if (a.Count > n)
        {
            return DigitString.IsDigit(a[n][0]) ? 1 : CompareParts(a[n..], [NumberForm]);
        }

        if (b.Count > n)
        {
            return DigitString.IsDigit(b[n][0]) ? -1 : CompareParts([NumberForm], b[n..]);
        }

        return 0;
    }

    private static int ComparePart(string a, string b)
    {
        var da = DigitString.IsDigit(a[0]);
        var db = DigitString.IsDigit(b[0]);
        if (da && db)
        {
            return DigitString.Compare(a, b);
        }

        return SpecialOrder(da ? NumberForm : a).CompareTo(SpecialOrder(db ? NumberForm : b));
    }

    private static int SpecialOrder(string form)
    {
        foreach (var (name, order) in SpecialForms)
        {
            if (form.StartsWith(name, StringComparison.Ordinal))
            {
                return order;
            }
        }

        return -6;
    }

    /// <summary>Splits at dots, "-", "_", "+" and digit/non-digit changes; keeps "#" as its own part.</summary>
    private static List<string> Canonical(string version)
    {
        version = version.Trim();
        if (version.Length > 1 && version[0] is 'v' or 'V' && DigitString.IsDigit(version[1]))
        {
            version = version[1..];
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        foreach (var c in version)
        {
            if (c == '#')
            {
                Flush();
                parts.Add("#");
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                Flush();
            }
            else
            {
                if (current.Length > 0 && DigitString.IsDigit(current[^1]) != DigitString.IsDigit(c))
                {
                    Flush();
                }

                current.Append(c);
            }
        }

        Flush();
        return parts;
    }
}
