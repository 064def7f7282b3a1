using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>
/// License names from /usr/share/doc/NAME/copyright: the short names of DEP-5 "License:" fields, and, for free-text
/// files, the /usr/share/common-licenses/NAME references Debian policy requires them to make.
/// </summary>
public static partial class DpkgCopyrightParser
{
    public static IReadOnlyList<string> Parse(TextReader reader)
    {
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("License:", StringComparison.OrdinalIgnoreCase))
            {
                var value = line["License:".Length..].Trim();
                if (LooksLikeLicenseName(value))
                {
                    names.Add(value);
                }

                continue;
            }

            foreach (Match m in CommonLicenses().Matches(line))
            {
                names.Add(m.Groups[1].Value.TrimEnd('.'));
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    // A DEP-5 short name or an expression of them ("GPL-2+ or Artistic"), not a stray line of license text.
    private static bool LooksLikeLicenseName(string value) => value.Length > 0 && value.Length <= 200 && ShortNameExpression().IsMatch(value);

    [GeneratedRegex(@"/usr/share/common-licenses/([A-Za-z0-9][A-Za-z0-9.+_-]*)")]
    private static partial Regex CommonLicenses();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9.+_-]*(?:,?\s+(?:or|and|with|OR|AND|WITH)\s+[A-Za-z0-9][A-Za-z0-9.+_-]*)*$")]
    private static partial Regex ShortNameExpression();
}
