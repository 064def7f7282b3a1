using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Matching;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Tests.Matching;

/// <summary>
/// Real packages at real old versions against the real feeds in ../shared/corpora/vulns. Each expected id is
/// written out with the record that makes it right; ids whose fix predates the version must NOT appear.
/// </summary>
[Collection(CorpusDbCollection.Name)]
public sealed class TruePositiveTests(CorpusDb corpus)
{
    private IReadOnlyList<VulnerabilityMatch> Match(Distro? distro, params Package[] packages) =>
        new VulnerabilityMatcher(corpus.Db).Match(Packages.Analysis(distro, packages));

    [Fact]
    public void GoModuleAgainstGoVulnDb()
    {
        // golang.org/x/net at a July 2022 pseudo-version:
        // GO-2022-0969 / CVE-2022-27664 fixed in 0.0.0-20220906165146-f3363e06e74c (later) → affected;
        // GO-2022-1144 / CVE-2022-41717 fixed in 0.4.0 → affected;
        // GO-2023-1495 / CVE-2022-41721 introduced 0.0.0-20220524220425, fixed 0.1.1-0.20221104… → affected;
        // GO-2022-0288 / CVE-2021-44716 fixed in 0.0.0-20211209… (earlier) → not affected.
        var matches = Match(null, Packages.Make(PackageTypes.Go, "golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b"));
        var ids = matches.Select(m => m.Id).ToHashSet();
        Assert.Contains("CVE-2022-27664", ids);
        Assert.Contains("CVE-2022-41717", ids);
        Assert.Contains("CVE-2022-41721", ids);
        Assert.DoesNotContain("CVE-2021-44716", ids);
        var row = matches.Single(m => m.Id == "CVE-2022-27664");
        Assert.Contains("GO-2022-0969", row.Aliases);
        Assert.Contains("GHSA-69cg-p879-7622", row.Aliases);
        Assert.Equal(FixStates.Fixed, row.FixState);
        Assert.Equal(["0.0.0-20220906165146-f3363e06e74c"], row.FixedIn);
        Assert.Equal("go", row.Namespace);
    }

    [Fact]
    public void GoStdlibVersionWithGoPrefix()
    {
        // GO-2022-0166 / CVE-2016-3959: stdlib crypto/dsa, introduced 0, fixed 1.5.4 → go1.5.3 is affected, go1.5.4 is not.
        Assert.Contains(Match(null, Packages.Make(PackageTypes.Go, "stdlib", "go1.5.3")), m => m.Id == "CVE-2016-3959");
        Assert.DoesNotContain(Match(null, Packages.Make(PackageTypes.Go, "stdlib", "go1.5.4")), m => m.Id == "CVE-2016-3959");
    }

    [Fact]
    public void NpmLodashAgainstRetireAndNodeSecurityWg()
    {
        // lodash 4.17.20: the Retire.js repository's lodash ranges containing 4.17.20 list CVE-2020-28500 (below 4.17.21)
        // and CVE-2021-23337 (below 4.17.21) — what `retire` itself reported for this version (corpora README).
        // nodejs-security-wg 516 (>=4.17.15 <4.17.19) and 368 (CVE-2018-3721, <4.17.5) must not match 4.17.20.
        var ids = Match(null, Packages.Make(PackageTypes.Npm, "lodash", "4.17.20")).Select(m => m.Id).ToHashSet();
        Assert.Contains("CVE-2021-23337", ids);
        Assert.Contains("CVE-2020-28500", ids);
        Assert.DoesNotContain("CVE-2018-3721", ids);
        Assert.DoesNotContain("NSWG-ECO-516", ids);

        // lodash 4.17.4 is inside nodejs-security-wg 368 (<4.17.5, CVE-2018-3721) and 493 (<4.17.11, CVE-2018-16487).
        var old = Match(null, Packages.Make(PackageTypes.Npm, "lodash", "4.17.4"));
        var cve3721 = Assert.Single(old, m => m.Id == "CVE-2018-3721");
        Assert.Contains("NSWG-ECO-368", cve3721.Aliases);
        Assert.Contains(old, m => m.Id == "CVE-2018-16487");
    }

    [Fact]
    public void RustCrateAgainstRustSec()
    {
        // smallvec 0.6.7: RUSTSEC-2019-0009 / CVE-2019-15551 (introduced 0.6.5, fixed 0.6.10) → affected;
        // RUSTSEC-2018-0003 / CVE-2018-20991 (0.6.0-0 … fixed 0.6.3) → not affected.
        var ids = Match(null, Packages.Make(PackageTypes.Cargo, "smallvec", "0.6.7")).Select(m => m.Id).ToHashSet();
        Assert.Contains("CVE-2019-15551", ids);
        Assert.DoesNotContain("CVE-2018-20991", ids);
    }

    [Fact]
    public void PythonPackageAgainstPyPaYaml()
    {
        // urllib3 1.24.1 (PyPA YAML): fixed later → CVE-2019-11324 (1.24.2), CVE-2019-11236 (1.24.3), CVE-2018-25091 (1.24.2),
        // CVE-2020-26137 (1.25.9), CVE-2021-33503 (1.26.5), CVE-2023-43804 (1.26.17), CVE-2023-45803 (1.26.18).
        // Not: CVE-2018-20060 (fixed 1.23), CVE-2016-9015 (1.17–1.18), CVE-2020-7212 (from 1.25.2), CVE-2021-28363 (from 1.26.0).
        var ids = Match(null, Packages.Make(PackageTypes.Python, "urllib3", "1.24.1")).Select(m => m.Id).ToHashSet();
        string[] expected = ["CVE-2019-11324", "CVE-2019-11236", "CVE-2018-25091", "CVE-2020-26137", "CVE-2021-33503", "CVE-2023-43804", "CVE-2023-45803"];
        Assert.All(expected, id => Assert.Contains(id, ids));
        Assert.All(["CVE-2018-20060", "CVE-2016-9015", "CVE-2020-7212", "CVE-2021-28363"], id => Assert.DoesNotContain(id, ids));

        // PEP 503 names: "URLLib3" is the same project.
        Assert.Contains(Match(null, Packages.Make(PackageTypes.Python, "URLLib3", "1.24.1")), m => m.Id == "CVE-2019-11324");
    }

    [Fact]
    public void AlpinePackagesAgainstSecdbByOrigin()
    {
        // Alpine 3.11 libssl1.1 (origin openssl) 1.1.1d-r2: v3.11/main.yaml openssl secfixes 1.1.1d-r3 → CVE-2019-1551
        // (matched through the origin); 1.1.1d-r1 → CVE-2019-1547/1549/1563 already fixed → not matched.
        var distro = new Distro { Id = "alpine", VersionId = "3.11.6" };
        var matches = Match(distro, Packages.Make(PackageTypes.Apk, "libssl1.1", "1.1.1d-r2", source: "openssl"));
        var row = Assert.Single(matches);
        Assert.Equal("CVE-2019-1551", row.Id);
        Assert.Equal("source-package", row.MatchedBy);
        Assert.Equal("alpine:3.11", row.Namespace);
        Assert.Equal(["1.1.1d-r3"], row.FixedIn);

        // The same package on 3.20 has no records (secdb stops at 3.11): distro release is respected.
        Assert.Empty(Match(new Distro { Id = "alpine", VersionId = "3.20.3" }, Packages.Make(PackageTypes.Apk, "libssl1.1", "1.1.1d-r2", source: "openssl")));
    }

    [Fact]
    public void DebianPackageAgainstTrackerJsonAndDsaList()
    {
        // vunnel-upstream/debian/input/debian.json: sope CVE-2025-53603, bookworm resolved in 5.8.0-1+deb12u1;
        // vunnel-upstream/debian/input/DSA: DSA-5970-1 sope, {CVE-2025-53603}, [bookworm] 5.8.0-1+deb12u1.
        // Binary package libsope1 built from source sope 5.8.0-1 on Debian 12: one row, the CVE, with the DSA as alias.
        var distro = new Distro { Id = "debian", VersionId = "12", VersionCodename = "bookworm" };
        var matches = Match(distro, Packages.Make(PackageTypes.Deb, "libsope1", "5.8.0-1", source: "sope"));
        var row = Assert.Single(matches);
        Assert.Equal("CVE-2025-53603", row.Id);
        Assert.Contains("DSA-5970-1", row.Aliases);
        Assert.Equal("debian:12", row.Namespace);
        Assert.Equal(["5.8.0-1+deb12u1"], row.FixedIn);
        Assert.Equal(FixStates.Fixed, row.FixState);

        // The fixed version itself is clean.
        Assert.Empty(Match(distro, Packages.Make(PackageTypes.Deb, "libsope1", "5.8.0-1+deb12u1", source: "sope")));
    }

    [Fact]
    public void DebianDsaListFromTheFullTracker()
    {
        // debian-tracker/DSA/list: DSA-5376-1 apache2 {CVE-2006-20001 CVE-2022-36760 CVE-2022-37436 CVE-2023-25690 CVE-2023-27522},
        // [bullseye] - apache2 2.4.56-1~deb11u1. apache2-bin 2.4.54-1~deb11u1 on Debian 11 → the five CVEs, one row each,
        // each carrying DSA-5376-1 as an alias (a DSA naming five CVEs is five problems, not one).
        var distro = new Distro { Id = "debian", VersionId = "11" };
        var matches = Match(distro, Packages.Make(PackageTypes.Deb, "apache2-bin", "2.4.54-1~deb11u1", source: "apache2"));
        string[] cves = ["CVE-2006-20001", "CVE-2022-36760", "CVE-2022-37436", "CVE-2023-25690", "CVE-2023-27522"];
        Assert.All(cves, id => Assert.Contains("DSA-5376-1", Assert.Single(matches, m => m.Id == id).Aliases));
        Assert.DoesNotContain(matches, m => m.Aliases.Contains("CVE-2023-25690") && m.Id != "CVE-2023-25690");
    }
}
