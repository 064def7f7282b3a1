using System.Text;

namespace Tollgate.Analysis.Identity;

/// <summary>CPE 2.3 formatted strings ("cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*"), escaped per NISTIR 7695.</summary>
public static class Cpe23
{
    public static string Application(string vendor, string product, string version) =>
        $"cpe:2.3:a:{Escape(vendor.ToLowerInvariant())}:{Escape(product.ToLowerInvariant())}:{Escape(version)}:*:*:*:*:*:*:*";

    /// <summary>Backslash-quotes every character other than letters, digits, '.', '-' and '_' (which CPE keeps bare).</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
