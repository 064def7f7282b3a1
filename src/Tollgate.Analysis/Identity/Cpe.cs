using System.Text;

namespace Tollgate.Analysis.Identity;

/// <summary>CPE 2.3 formatted strings for packages found in an image.</summary>
public static class Cpe
{
    /// <summary>"cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*" with the version escaped.</summary>
    public static string Application(string vendor, string product, string version) =>
        $"cpe:2.3:a:{vendor}:{product}:{Escape(version)}:*:*:*:*:*:*:*";

    /// <summary>CPE 2.3 formatted-string escaping: punctuation other than '-', '.' and '_' is backslash-quoted.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
