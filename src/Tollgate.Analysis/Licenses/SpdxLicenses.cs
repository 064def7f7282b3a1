using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Licenses;

/// <summary>
/// Turns license text as package metadata states it into an SPDX id or expression where recognisable.
/// The one place every cataloger calls, so "Apache 2.0", "Apache-2.0" and "ASL 2.0" all become "Apache-2.0".
/// </summary>
public static class SpdxLicenses
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Apache 2.0"] = "Apache-2.0",
        ["Apache License 2.0"] = "Apache-2.0",
        ["Apache License, Version 2.0"] = "Apache-2.0",
        ["Apache Software License"] = "Apache-2.0",
        ["ASL 2.0"] = "Apache-2.0",
        ["MIT License"] = "MIT",
        ["BSD"] = "BSD-3-Clause",
        ["GPLv2"] = "GPL-2.0-only",
        ["GPLv2+"] = "GPL-2.0-or-later",
        ["GPLv3"] = "GPL-3.0-only",
        ["GPLv3+"] = "GPL-3.0-or-later",
        ["GPL-2"] = "GPL-2.0-only",
        ["GPL-2+"] = "GPL-2.0-or-later",
        ["GPL-3"] = "GPL-3.0-only",
        ["GPL-3+"] = "GPL-3.0-or-later",
        ["LGPL-2.1"] = "LGPL-2.1-only",
        ["LGPL-2.1+"] = "LGPL-2.1-or-later",
        ["LGPLv2+"] = "LGPL-2.0-or-later",
        ["LGPLv2.1+"] = "LGPL-2.1-or-later",
        ["Public Domain"] = "LicenseRef-Public-Domain",
    };

    private static readonly HashSet<string> KnownIds = new(StringComparer.OrdinalIgnoreCase)
    {
        "0BSD", "Apache-1.1", "Apache-2.0", "Artistic-1.0", "Artistic-2.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-3-Clause",
        "BSD-4-Clause", "BSL-1.0", "CC0-1.0", "CC-BY-4.0", "CDDL-1.0", "EPL-1.0", "EPL-2.0", "GPL-1.0-only", "GPL-1.0-or-later",
        "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.0-only", "LGPL-2.0-or-later",
        "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0",
        "OpenSSL", "PSF-2.0", "Python-2.0", "Ruby", "Unlicense", "Zlib", "curl", "X11", "AGPL-3.0-only", "AGPL-3.0-or-later",
        "GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0", "BlueOak-1.0.0", "WTFPL", "PostgreSQL", "OFL-1.1",
    };

    /// <summary>Normalises one license statement; <see cref="LicenseInfo.SpdxExpression"/> is null when not recognisable.</summary>
    public static LicenseInfo Normalize(string raw, string? source = null)
    {
        var value = raw.Trim();
        return new LicenseInfo { Value = value, SpdxExpression = ToSpdx(value), Source = source };
    }

    /// <summary>An SPDX id or expression for the text, or null.</summary>
    public static string? ToSpdx(string text)
    {
        var value = text.Trim().TrimEnd(';');
        if (value.Length == 0)
        {
            return null;
        }

        if (Aliases.TryGetValue(value, out var alias))
        {
            return alias;
        }

        if (KnownIds.TryGetValue(value, out var id))
        {
            return id;
        }

        // An expression: every operand must be known (or an alias); operators are kept in SPDX's upper case.
        var tokens = value.Replace("(", " ( ").Replace(")", " ) ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 3)
        {
            return null;
        }

        var output = new List<string>();
        foreach (var token in tokens)
        {
            var upper = token.ToUpperInvariant();
            if (upper is "AND" or "OR" or "WITH" or "(" or ")")
            {
                output.Add(upper);
            }
            else if (token.Equals("and", StringComparison.OrdinalIgnoreCase) || token == "&")
            {
                output.Add("AND");
            }
            else if (Aliases.TryGetValue(token, out var a))
            {
                output.Add(a);
            }
            else if (KnownIds.TryGetValue(token, out var k))
            {
                output.Add(k);
            }
            else if (output.Count > 0 && output[^1] == "WITH")
            {
                output.Add(token);
            }
            else
            {
                return null;
            }
        }

        return string.Join(' ', output).Replace("( ", "(").Replace(" )", ")");
    }
}
