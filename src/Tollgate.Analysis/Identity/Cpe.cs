using System.Text;

namespace Tollgate.Analysis.Identity;

/// <summary>CPE 2.3 formatted strings ("cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*"), escaped per NISTIR 7695.</summary>
public static class Cpe
{
    /// <summary>An application CPE; vendor and product are lower-cased, every part escaped, an empty part becomes "*".</summary>
    public static string Application(string vendor, string product, string version, string targetSoftware = "*") =>
        $"cpe:2.3:a:{Escape(vendor.ToLowerInvariant())}:{Escape(product.ToLowerInvariant())}:{Escape(version)}:*:*:*:*:{targetSoftware}:*:*";

    /// <summary>Backslash-quotes every character other than letters, digits, '.', '-' and '_'; spaces become '_'.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == ' ')
            {
                sb.Append('_');
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Length == 0 ? "*" : sb.ToString();
    }
}
