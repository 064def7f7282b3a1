using Tollgate.Analysis.Licenses;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>
/// DEP-5 short names that are not SPDX ids ("Expat", "GPL", "LGPL-2") mapped to SPDX before the shared normaliser
/// runs; kept here, not in <see cref="SpdxLicenses"/>, because they only mean this in Debian copyright files.
/// </summary>
public static class DebianLicenseNames
{
    private static readonly Dictionary<string, string> ToSpdxName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Expat"] = "MIT",
        ["GPL"] = "GPL-1.0-or-later",
        ["GPL-1"] = "GPL-1.0-only",
        ["GPL-1+"] = "GPL-1.0-or-later",
        ["LGPL"] = "LGPL-2.0-or-later",
        ["LGPL-2"] = "LGPL-2.0-only",
        ["LGPL-2+"] = "LGPL-2.0-or-later",
        ["LGPL-3"] = "LGPL-3.0-only",
        ["LGPL-3+"] = "LGPL-3.0-or-later",
        ["Apache-2"] = "Apache-2.0",
        ["Artistic"] = "Artistic-1.0",
        ["BSD-3-clause"] = "BSD-3-Clause",
        ["BSD-2-clause"] = "BSD-2-Clause",
        ["MPL-2"] = "MPL-2.0",
        ["zlib"] = "Zlib",
    };

    /// <summary>The shared normaliser's answer, or the Debian reading when it has none.</summary>
    public static LicenseInfo Normalize(string raw)
    {
        var info = SpdxLicenses.Normalize(raw, "copyright");
        if (info.SpdxExpression is not null)
        {
            return info;
        }

        var rewritten = string.Join(' ', raw.Replace(",", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => ToSpdxName.GetValueOrDefault(t, t)));
        return rewritten == raw ? info : info with { SpdxExpression = SpdxLicenses.ToSpdx(rewritten) };
    }
}
