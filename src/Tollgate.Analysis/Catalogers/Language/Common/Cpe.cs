using System.Text;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>CPE 2.3 formatted strings for application packages, with the spec's escaping of special characters.</summary>
public static class Cpe
{
    public static string Application(string vendor, string product, string version, string targetSoftware = "*") =>
        $"cpe:2.3:a:{Escape(vendor)}:{Escape(product)}:{Escape(version)}:*:*:*:*:{targetSoftware}:*:*";

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('_');
            }
            else
            {
                sb.Append('\\').Append(c);
            }
        }

        return sb.Length == 0 ? "*" : sb.ToString();
    }
}
