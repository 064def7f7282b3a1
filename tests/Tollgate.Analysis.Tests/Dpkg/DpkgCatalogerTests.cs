using Tollgate.Analysis.Model;
using Tollgate.Analysis.Tests.Support;

namespace Tollgate.Analysis.Tests.Dpkg;

public class DpkgCatalogerTests
{
    [Fact]
    public void ImageDpkgFixture_ReadsStatusFilesAndCopyright()
    {
        // syft's image-dpkg: one status stanza (libpam-runtime 1.1.8-3.6, Source pam, arch all), its md5sums,
        // a DEP-5 copyright with GPL-2 and LGPL-2.1 License: fields, and a Debian 12 os-release.
        var analysis = Analyze.Layers(new TestLayer(Analyze.Syft("debian", "image-dpkg")));

        var pkg = Assert.Single(analysis.Packages);
        Assert.Equal(("libpam-runtime", "1.1.8-3.6", "all", "pam"), (pkg.Name, pkg.Version, pkg.Architecture, pkg.SourceName));
        Assert.Equal("pkg:deb/debian/libpam-runtime@1.1.8-3.6?arch=all&distro=debian-12&upstream=pam", pkg.Purl);
        Assert.Equal(1016 * 1024, pkg.InstalledSize);
        Assert.Equal("Steve Langasek <vorlon@debian.org>", pkg.Supplier);
        Assert.Contains("cpe:2.3:a:libpam-runtime:libpam-runtime:1.1.8-3.6:*:*:*:*:*:*:*", pkg.Cpes);

        // md5sums lines are relative to the root; each becomes an owned file with its md5.
        Assert.Contains(pkg.Files, f => f.Path == "/lib/x86_64-linux-gnu/libz.so.1.2.11" && f.Digest == new Digest("md5", "55f905631797551d4d936a34c7e73474"));

        var spdx = pkg.Licenses.Select(l => l.SpdxExpression).ToHashSet();
        Assert.Contains("GPL-2.0-only", spdx);
        Assert.Contains("LGPL-2.1-only", spdx);
        Assert.Contains(pkg.Locations, l => l.Path == "/usr/share/doc/libpam-runtime/copyright");
        Assert.Equal("debian", analysis.Distro?.Id);
    }

    [Fact]
    public void DistrolessLayout_StatusDFileWithoutStatusField_IsInstalled()
    {
        // Distroless writes one stanza per file under status.d with no Status field, md5sums next to it.
        var analysis = Analyze.Layers(new TestLayer(Analyze.Syft("debian", "image-distroless-deb")));

        var pkg = Assert.Single(analysis.Packages);
        Assert.Equal(("libsqlite3-0", "3.34.1-3", "arm64", "sqlite3"), (pkg.Name, pkg.Version, pkg.Architecture, pkg.SourceName));
        Assert.Equal(6, pkg.Files.Count);
        Assert.All(pkg.Files, f => Assert.Equal("md5", f.Digest?.Algorithm));
        Assert.Contains("GPL-2.0-or-later", pkg.Licenses.Select(l => l.SpdxExpression));

        // No os-release: the distro comes from the status.d evidence, without a version.
        Assert.Equal("debian", analysis.Distro?.Id);
        Assert.Null(analysis.Distro?.VersionId);
        Assert.Equal("pkg:deb/debian/libsqlite3-0@3.34.1-3?arch=arm64&distro=debian&upstream=sqlite3", pkg.Purl);
    }

    [Fact]
    public void StatusDFixtures_KeepInstalledPackages_SkipBrokenStanzasWithWarnings()
    {
        // syft's status.d folder mixes good files and bad ones: "corrupt" (not deb822), "empty" ("Package:" without a
        // value), a "deinstall ok config-files" record, stanzas without Version. Valid stanzas must all survive.
        var analysis = Analyze.Layers(new TestLayer(Analyze.Syft("debian", "var"), "/var"));
        var names = analysis.Packages.Select(p => p.Name).ToHashSet();

        foreach (var expected in new[] { "coreutils", "libacl1", "libc6", "libselinux1", "tzdata", "util-linux", "apt", "mutt", "linux-image-6.14.0-1012-aws", "libpam-runtime" })
        {
            Assert.Contains(expected, names);
        }

        Assert.DoesNotContain("linux-image-6.8.0-1029-aws", names); // deinstall ok config-files
        Assert.DoesNotContain("no-version", names);
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/var/lib/dpkg/status.d/corrupt:", StringComparison.Ordinal));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/var/lib/dpkg/status.d/empty:", StringComparison.Ordinal) && w.Contains("no Package field"));

        // "Source: libselinux (3.4-1)" carries the source version in parentheses.
        var selinux = analysis.Packages.Single(p => p.Name == "libselinux1");
        Assert.Equal(("libselinux", "3.4-1"), (selinux.SourceName, selinux.SourceVersion));
        Assert.EndsWith("upstream=libselinux%403.4-1", selinux.Purl);

        // Epochs are parsed from "1:2.5.1-4".
        Assert.Equal(1, analysis.Packages.Single(p => p.Name == "libattr1").Epoch);
    }

    [Fact]
    public void PreDependsAndDepends_BecomeDependsOnEdges()
    {
        // coreutils Pre-Depends on libacl1, libattr1, libc6, libgmp10, libselinux1 (all in the same file);
        // libc6 Depends on libgcc-s1.
        var analysis = Analyze.Layers(new TestLayer(Analyze.Syft("debian", "var"), "/var"));
        var byId = analysis.Packages.ToDictionary(p => p.Id);
        var edges = analysis.Relationships.Where(r => r.Type == RelationshipTypes.DependsOn)
            .Select(r => (byId[r.From].Name, byId[r.To].Name)).ToHashSet();

        foreach (var dep in new[] { "libacl1", "libattr1", "libc6", "libgmp10", "libselinux1" })
        {
            Assert.Contains(("coreutils", dep), edges);
        }

        Assert.Contains(("libc6", "libgcc-s1"), edges);
    }
}
