namespace Tollgate.Analysis.Licenses;

/// <summary>
/// Free-text license names seen in package metadata, mapped to SPDX ids: rpm/Fedora short names ("ASL 2.0",
/// "GPLv2+"), Debian DEP-5 short names ("Expat", "GPL-2+"), Python trove classifiers ("Apache Software License")
/// and common spellings. Keys compare case-insensitively with runs of whitespace collapsed.
/// </summary>
internal static class SpdxAliases
{
    public static readonly Dictionary<string, string> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        // Apache
        ["Apache 2.0"] = "Apache-2.0",
        ["Apache 2"] = "Apache-2.0",
        ["Apache-2"] = "Apache-2.0",
        ["Apache License 2.0"] = "Apache-2.0",
        ["Apache License, Version 2.0"] = "Apache-2.0",
        ["Apache License Version 2.0"] = "Apache-2.0",
        ["Apache Software License"] = "Apache-2.0",
        ["Apache Software License 2.0"] = "Apache-2.0",
        ["Apache License (2.0)"] = "Apache-2.0",
        ["ASL 2.0"] = "Apache-2.0",
        ["ASL-2.0"] = "Apache-2.0",
        ["ASL 1.1"] = "Apache-1.1",
        ["Apache 1.1"] = "Apache-1.1",

        // MIT and BSD families
        ["MIT License"] = "MIT",
        ["The MIT License"] = "MIT",
        ["MIT license (MIT)"] = "MIT",
        ["Expat"] = "MIT",
        ["MIT/X11"] = "MIT",
        ["BSD"] = "BSD-3-Clause",
        ["BSD License"] = "BSD-3-Clause",
        ["New BSD License"] = "BSD-3-Clause",
        ["Modified BSD License"] = "BSD-3-Clause",
        ["BSD 3-Clause"] = "BSD-3-Clause",
        ["3-Clause BSD License"] = "BSD-3-Clause",
        ["BSD 2-Clause"] = "BSD-2-Clause",
        ["Simplified BSD License"] = "BSD-2-Clause",
        ["2-Clause BSD License"] = "BSD-2-Clause",
        ["BSD with advertising"] = "BSD-4-Clause",

        // GNU licenses: rpm spellings, DEP-5 short names (the "+" suffix is handled generally), trove classifiers
        ["GPL+"] = "GPL-1.0-or-later",
        ["GPLv1"] = "GPL-1.0-only",
        ["GPLv2"] = "GPL-2.0-only",
        ["GPL v2"] = "GPL-2.0-only",
        ["GPL-2"] = "GPL-2.0-only",
        ["GNU GPL v2"] = "GPL-2.0-only",
        ["GPLv3"] = "GPL-3.0-only",
        ["GPL v3"] = "GPL-3.0-only",
        ["GPL-3"] = "GPL-3.0-only",
        ["GNU GPL v3"] = "GPL-3.0-only",
        ["GNU General Public License v2 (GPLv2)"] = "GPL-2.0-only",
        ["GNU General Public License v2 or later (GPLv2+)"] = "GPL-2.0-or-later",
        ["GNU General Public License v3 (GPLv3)"] = "GPL-3.0-only",
        ["GNU General Public License v3 or later (GPLv3+)"] = "GPL-3.0-or-later",
        ["LGPLv2"] = "LGPL-2.0-only",
        ["LGPL-2"] = "LGPL-2.0-only",
        ["LGPLv2.1"] = "LGPL-2.1-only",
        ["LGPL-2.1"] = "LGPL-2.1-only",
        ["LGPLv3"] = "LGPL-3.0-only",
        ["LGPL-3"] = "LGPL-3.0-only",
        ["GNU Lesser General Public License v2 (LGPLv2)"] = "LGPL-2.0-only",
        ["GNU Lesser General Public License v2 or later (LGPLv2+)"] = "LGPL-2.0-or-later",
        ["GNU Lesser General Public License v3 (LGPLv3)"] = "LGPL-3.0-only",
        ["GNU Lesser General Public License v3 or later (LGPLv3+)"] = "LGPL-3.0-or-later",
        ["AGPLv3"] = "AGPL-3.0-only",
        ["GNU Affero General Public License v3"] = "AGPL-3.0-only",
        ["GNU Affero General Public License v3 or later (AGPLv3+)"] = "AGPL-3.0-or-later",

        // Others
        ["MPLv1.1"] = "MPL-1.1",
        ["MPL 1.1"] = "MPL-1.1",
        ["MPLv2.0"] = "MPL-2.0",
        ["MPLv2"] = "MPL-2.0",
        ["MPL 2.0"] = "MPL-2.0",
        ["MPL-2"] = "MPL-2.0",
        ["Mozilla Public License 2.0 (MPL 2.0)"] = "MPL-2.0",
        ["Boost"] = "BSL-1.0",
        ["Boost Software License 1.0 (BSL-1.0)"] = "BSL-1.0",
        ["CC0"] = "CC0-1.0",
        ["CC0 1.0"] = "CC0-1.0",
        ["CC0 1.0 Universal (CC0 1.0) Public Domain Dedication"] = "CC0-1.0",
        ["PSF"] = "PSF-2.0",
        ["PSF-2"] = "PSF-2.0",
        ["Python Software Foundation License"] = "PSF-2.0",
        ["Python"] = "Python-2.0",
        ["Artistic"] = "Artistic-1.0",
        ["Artistic 2.0"] = "Artistic-2.0",
        ["Artistic clarified"] = "ClArtistic",
        ["ISC License (ISCL)"] = "ISC",
        ["Eclipse Public License 2.0 (EPL-2.0)"] = "EPL-2.0",
        ["The Unlicense (Unlicense)"] = "Unlicense",
        ["zlib/libpng"] = "Zlib",
        ["OpenLDAP"] = "OLDAP-2.8",
        ["Public Domain"] = "LicenseRef-Public-Domain",
        ["public-domain"] = "LicenseRef-Public-Domain",
        ["PD"] = "LicenseRef-Public-Domain",
    };

    /// <summary>Exceptions by the names free text gives them (after "with").</summary>
    public static readonly Dictionary<string, string> Exceptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Classpath exception"] = "Classpath-exception-2.0",
        ["GCC exception"] = "GCC-exception-3.1",
        ["Autoconf exception"] = "Autoconf-exception-3.0",
        ["Bison exception"] = "Bison-exception-2.2",
        ["Font exception"] = "Font-exception-2.0",
        ["LLVM exception"] = "LLVM-exception",
    };
}
