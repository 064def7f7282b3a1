using Tollgate.Analysis.Licenses;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Licenses;

/// <summary>License strings as real package metadata states them (rpm headers, Debian copyright, Python METADATA).</summary>
public sealed class SpdxLicensesTests
{
    [Fact]
    public void The_whole_spdx_list_is_loaded()
    {
        // spdx.schema.json v1.1-3.28.0 lists 811 ids: 81 exceptions and 730 licenses (deprecated ones included).
        Assert.Equal((730, 81), (SpdxLicenses.LicenseIdCount, SpdxLicenses.ExceptionIdCount));
        Assert.Equal("3D-Slicer-1.0", SpdxLicenses.ToSpdx("3d-slicer-1.0"));
        Assert.Equal("Classpath-exception-2.0", SpdxLicenses.ToSpdx("GPL-2.0-only WITH classpath-exception-2.0")!.Split(' ')[^1]);
    }

    [Theory]
    // SPDX ids in any case; deprecated ids mapped
    [InlineData("mit", "MIT")]
    [InlineData("GPL-2.0", "GPL-2.0-only")]
    [InlineData("GPL-2.0+", "GPL-2.0-or-later")]
    [InlineData("LGPL-2.1", "LGPL-2.1-only")]
    [InlineData("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0")]
    // rpm License: tags from shared/corpora/rpmdb/*.expected.tsv
    [InlineData("GPLv2+ AND LGPLv2+ AND BSD", "GPL-2.0-or-later AND LGPL-2.0-or-later AND BSD-3-Clause")]
    [InlineData("GPLv2+ and GPLv3+ and LGPLv2+", "GPL-2.0-or-later AND GPL-3.0-or-later AND LGPL-2.0-or-later")]
    [InlineData("GPLv2+ OR LGPLv3+", "GPL-2.0-or-later OR LGPL-3.0-or-later")]
    [InlineData("LGPLv2.1 AND GPLv2", "LGPL-2.1-only AND GPL-2.0-only")]
    [InlineData("BSD or GPLv2", "BSD-3-Clause OR GPL-2.0-only")]
    [InlineData("GPL-3.0-or-later WITH GCC-exception-3.1", "GPL-3.0-or-later WITH GCC-exception-3.1")]
    [InlineData("LGPL-2.1-or-later AND LGPL-2.1-or-later WITH GCC-exception-2.0 AND GPL-2.0-or-later", "LGPL-2.1-or-later AND LGPL-2.1-or-later WITH GCC-exception-2.0 AND GPL-2.0-or-later")]
    [InlineData("GPLv3+ AND (GPLv2+ OR LGPLv3+)", "GPL-3.0-or-later AND (GPL-2.0-or-later OR LGPL-3.0-or-later)")]
    [InlineData("(LGPLv3+ or GPLv2+) and GPLv3+", "(LGPL-3.0-or-later OR GPL-2.0-or-later) AND GPL-3.0-or-later")]
    [InlineData("BSD AND Public Domain AND (ASL 2.0 OR CC0 1.0 OR OpenSSL)", "BSD-3-Clause AND LicenseRef-Public-Domain AND (Apache-2.0 OR CC0-1.0 OR OpenSSL)")]
    [InlineData("GPL+ AND MIT", "GPL-1.0-or-later AND MIT")]
    [InlineData("GPL-2.0+ and LGPL-2.1+", "GPL-2.0-or-later AND LGPL-2.1-or-later")]
    [InlineData("BSD 2-Clause and GPLv2", "BSD-2-Clause AND GPL-2.0-only")]
    [InlineData("Artistic-1.0 or GPL-2.0+", "Artistic-1.0 OR GPL-2.0-or-later")]
    [InlineData("BSD AND GPLv2+ AND Inner-Net AND ISC AND LGPLv2+ AND MIT", "BSD-3-Clause AND GPL-2.0-or-later AND LicenseRef-Inner-Net AND ISC AND LGPL-2.0-or-later AND MIT")]
    [InlineData("MPLv2.0", "MPL-2.0")]
    [InlineData("ASL 2.0", "Apache-2.0")]
    [InlineData("zlib", "Zlib")]
    [InlineData("PSF", "PSF-2.0")]
    // Debian DEP-5 License: short names from shared/corpora/syft/debian/copyright
    [InlineData("GPL-2", "GPL-2.0-only")]
    [InlineData("GPL-2+", "GPL-2.0-or-later")]
    [InlineData("LGPL-2.1+", "LGPL-2.1-or-later")]
    [InlineData("Expat", "MIT")]
    [InlineData("Apache-2", "Apache-2.0")]
    [InlineData("PSF-2", "PSF-2.0")]
    [InlineData("public-domain", "LicenseRef-Public-Domain")]
    [InlineData("MPL-1.1 or GPL-2 or LGPL-2.1", "MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-only")]
    [InlineData("BSD-3-clause", "BSD-3-Clause")]
    [InlineData("GPL-2+ with Classpath exception", "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    // Python METADATA (shared/corpora/syft/python/site-packages): License: and trove classifiers
    [InlineData("Apache 2.0", "Apache-2.0")]
    [InlineData("BSD License", "BSD-3-Clause")]
    [InlineData("License :: OSI Approved :: Apache Software License", "Apache-2.0")]
    [InlineData("License :: OSI Approved :: BSD License", "BSD-3-Clause")]
    [InlineData("License :: OSI Approved :: MIT License", "MIT")]
    [InlineData("License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later")]
    public void Known_text_becomes_spdx(string raw, string expected) => Assert.Equal(expected, SpdxLicenses.ToSpdx(raw));

    [Theory]
    [InlineData("UNKNOWN")]
    [InlineData("license")]
    [InlineData("GNU General Public License")]
    [InlineData("License :: OSI Approved")]
    [InlineData("GPLv2+ WITH exceptions")]
    [InlineData("Permission is hereby granted, free of charge, to any person obtaining")]
    [InlineData("MIT AND")]
    [InlineData("(MIT")]
    [InlineData("")]
    public void Unrecognisable_text_gives_null(string raw) => Assert.Null(SpdxLicenses.ToSpdx(raw));

    [Fact]
    public void Normalize_keeps_the_text_and_the_source()
    {
        var info = SpdxLicenses.Normalize("  GPLv2+ and LGPLv2+ ", "metadata");
        Assert.Equal(("GPLv2+ and LGPLv2+", "GPL-2.0-or-later AND LGPL-2.0-or-later", "metadata"), (info.Value, info.SpdxExpression, info.Source));
    }

    [Fact]
    public void Most_rpm_license_tags_of_the_rpmdb_corpus_are_recognised()
    {
        // Every distinct License: tag of the 13 real rpm databases (column 7 of *.expected.tsv).
        var tags = Directory.GetFiles(TestPaths.Corpus("rpmdb"), "*.expected.tsv")
            .SelectMany(File.ReadAllLines).Select(l => l.Split('\t')).Where(c => c.Length >= 7 && c[0] != "name")
            .Select(c => c[6]).Distinct().ToList();
        var unrecognised = tags.Where(t => SpdxLicenses.ToSpdx(t) is null).Order().ToList();

        // Left unrecognised on purpose: SUSE's own names with no SPDX id, a GPL of unstated version, unnamed exceptions.
        Assert.Equal(["GNU General Public License", "GPLv2+ WITH exceptions", "SUSE-GPL-2.0-with-OSI-exception", "SUSE-Public-Domain"], unrecognised);
        Assert.True(tags.Count > 50, $"{tags.Count} distinct tags");
    }
}
