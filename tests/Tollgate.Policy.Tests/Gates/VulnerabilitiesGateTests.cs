using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Policy.Tests.Gates;

public class VulnerabilitiesGateTests
{
    private const string Link = "https://www.cve.org/CVERecord?id=CVE-2024-9143";

    private static PolicyInput With(params VulnerabilityMatch[] matches) => AlpineImage.Input(scan: AlpineImage.Scan(matches));

    [Fact]
    public void PackageFiresWithAnchoresMessageAndCvePlusPackageId()
    {
        var f = Assert.Single(Check.Fire("vulnerabilities", "package", With(AlpineImage.OpensslMatch()), "[{name: package_type, value: all}, {name: severity, value: low}]"));
        Assert.Equal($"MEDIUM Vulnerability found in os package type (APKG) - libcrypto3 (fixed in: 3.3.2-r1)(CVE-2024-9143 - {Link})", f.Message);
        Assert.Equal("CVE-2024-9143+libcrypto3", f.TriggerId);
        Assert.Equal("3.3.2-r0", f.PackageVersion);
    }

    [Theory]
    [InlineData("[{name: package_type, value: all}, {name: severity_comparison, value: '>'}, {name: severity, value: medium}]")]
    [InlineData("[{name: package_type, value: all}, {name: fix_available, value: 'false'}]")]
    [InlineData("[{name: package_type, value: non-os}]")]
    [InlineData("[{name: package_type, value: all}, {name: cvss_v3_base_score, value: '7.0'}]")]
    [InlineData("[{name: package_type, value: all}, {name: max_days_since_creation, value: '1000'}]")]
    public void PackageIsQuietWhenTheFilterExcludesTheMatch(string parameters) =>
        Assert.Empty(Check.Fire("vulnerabilities", "package", With(AlpineImage.OpensslMatch()), parameters));

    [Fact]
    public void PackageMessageCarriesScoreAndAgeParts()
    {
        var f = Assert.Single(Check.Fire("vulnerabilities", "package", With(AlpineImage.OpensslMatch()),
            "[{name: package_type, value: os}, {name: cvss_v3_base_score, value: '4.0'}, {name: max_days_since_creation, value: '30'}]"));
        Assert.Equal($"MEDIUM Vulnerability found in os package type (APKG) - libcrypto3 (fixed in: 3.3.2-r1)(cvss_v3_base_score=4.3)(max_days_since_creation=2024-10-16)(CVE-2024-9143 - {Link})", f.Message);
    }

    [Fact]
    public void VendorOnlySkipsWontFix()
    {
        var wontFix = AlpineImage.OpensslMatch(fixState: FixStates.WontFix);
        Assert.Empty(Check.Fire("vulnerabilities", "package", With(wontFix), "[{name: package_type, value: all}]"));
        var f = Assert.Single(Check.Fire("vulnerabilities", "package", With(wontFix), "[{name: package_type, value: all}, {name: vendor_only, value: 'false'}]"));
        Assert.Equal($"MEDIUM Vulnerability found in os package type (APKG) - libcrypto3 (CVE-2024-9143 - {Link})", f.Message);
    }

    [Fact]
    public void NonOsIdsUseTheNpmPackageDirectory()
    {
        var lodash = new VulnerabilityMatch
        {
            Id = "CVE-2021-23337",
            PackageId = "npm:lodash@4.17.20",
            PackageName = "lodash",
            PackageVersion = "4.17.20",
            PackageType = PackageTypes.Npm,
            Severity = Severities.High,
            FixState = FixStates.Fixed,
            FixedIn = ["4.17.21"],
            Namespace = "osv:npm",
            MatchedBy = "ecosystem",
            Urls = ["https://github.com/advisories/GHSA-35jh-r3h4-6jhm"],
            Locations = [new Location("/usr/lib/node_modules/lodash/package.json", 1)],
        };
        var f = Assert.Single(Check.Fire("vulnerabilities", "package", With(lodash), "[{name: package_type, value: non-os}]"));
        Assert.Equal("CVE-2021-23337+lodash", f.TriggerId);
        Assert.Equal("HIGH Vulnerability found in non-os package type (npm) - /usr/lib/node_modules/lodash/package.json (fixed in: 4.17.21)(CVE-2021-23337 - https://github.com/advisories/GHSA-35jh-r3h4-6jhm)", f.Message);
        Assert.Empty(Check.Fire("vulnerabilities", "package", With(lodash), "[{name: package_type, value: os}]"));
        Assert.Empty(Check.Fire("vulnerabilities", "package", With(lodash), "[{name: package_type, value: all}, {name: package_path_exclude, value: '/usr/lib/node_modules/.*'}]"));
    }

    [Fact]
    public void BlacklistListsTheFoundIds()
    {
        Check.Single(Check.Fire("vulnerabilities", "blacklist", With(AlpineImage.OpensslMatch()), "[{name: vulnerability_ids, value: 'CVE-2024-9143,CVE-2019-1234'}]"),
            "vulnerabilities", "blacklist", "Blacklisted vulnerabilities detected: ['CVE-2024-9143']");
        Assert.Empty(Check.Fire("vulnerabilities", "blacklist", With(AlpineImage.OpensslMatch()), "[{name: vulnerability_ids, value: 'CVE-2019-1234'}]"));
    }

    [Fact]
    public void StaleFeedDataComparesTheDistroFeedSync()
    {
        Assert.Empty(Check.Fire("vulnerabilities", "stale_feed_data", With(), "[{name: max_days_since_sync, value: '2'}]"));
        Check.Single(Check.Fire("vulnerabilities", "stale_feed_data", With(), "[{name: max_days_since_sync, value: '1'}]"),
            "vulnerabilities", "stale_feed_data", "The vulnerability feed for this image distro is older than MAXAGE (1) days");
        Assert.Single(Check.Fire("vulnerabilities", "stale_feed_data", AlpineImage.Input(), "[{name: max_days_since_sync, value: '2'}]"));
    }

    [Fact]
    public void VulnerabilityDataUnavailableWithoutAScan()
    {
        Assert.Empty(Check.Fire("vulnerabilities", "vulnerability_data_unavailable", With()));
        Check.Single(Check.Fire("vulnerabilities", "vulnerability_data_unavailable", AlpineImage.Input()),
            "vulnerabilities", "vulnerability_data_unavailable", "Distro-specific feed data not found for distro namespace: alpine:3.20.3. Cannot perform CVE scan OS/distro packages");
    }
}
