using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Filters;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Tests.Filters;

/// <summary>VEX documents from the corpus samples and ignore rules, applied to matches.</summary>
public sealed class FilterTests
{
    private static VulnerabilityMatch Match(string id, string name, string version, string purl, string fixState = FixStates.Fixed, string[]? aliases = null, string path = "/lib/apk/db/installed") => new()
    {
        Id = id,
        Aliases = aliases ?? [],
        PackageId = purl,
        PackageName = name,
        PackageVersion = version,
        PackageType = "apk",
        Purl = purl,
        Severity = Severities.High,
        FixState = fixState,
        Namespace = "alpine:3.17",
        MatchedBy = "package",
        Locations = [new Analysis.Model.Location(path, 0)],
    };

    [Fact]
    public void OpenVexFixedStatementSuppressesThatPackageOnly()
    {
        // samples/openvex/demo.vex.json: CVE-2014-123456 "fixed" for pkg:apk/distro/git@2.39.0-r1 (arch qualifiers).
        var vex = VexDocuments.Load([TestPaths.Corpus("samples", "openvex", "demo.vex.json")]);
        var git = Match("CVE-2014-123456", "git", "2.39.0-r1", "pkg:apk/distro/git@2.39.0-r1?arch=x86_64&distro=alpine-3.17");
        var otherVersion = Match("CVE-2014-123456", "git", "2.38.0-r0", "pkg:apk/distro/git@2.38.0-r0");
        var otherVuln = Match("CVE-2099-0001", "git", "2.39.0-r1", "pkg:apk/distro/git@2.39.0-r1");
        var result = MatchFilters.Apply([git, otherVersion, otherVuln], [vex]);
        Assert.StartsWith("openvex:demo.vex.json (fixed", result[0].SuppressedBy);
        Assert.Null(result[1].SuppressedBy);
        Assert.Null(result[2].SuppressedBy);
    }

    [Fact]
    public void OpenVexImageStatementCoversEveryPackageAndMatchesAliases()
    {
        // samples/openvex/sample-2vulns.openvex.json: CVE-2023-27103 not_affected for the image pkg:oci/nginx@sha256:…;
        // CVE-2007-5686 "fixed", also known as SNYK-DEBIAN12-SHADOW-1559391.
        var vex = VexDocuments.Load([TestPaths.Corpus("samples", "openvex", "sample-2vulns.openvex.json")]);
        var libde265 = Match("CVE-2023-27103", "libde265-0", "1.0.11-1", "pkg:deb/debian/libde265-0@1.0.11-1");
        var shadowByAlias = Match("SNYK-DEBIAN12-SHADOW-1559391", "login", "1:4.13+dfsg1-1", "pkg:deb/debian/login@1:4.13%2Bdfsg1-1");
        var result = MatchFilters.Apply([libde265, shadowByAlias], [vex]);
        Assert.Contains("not_affected: component_not_present", result[0].SuppressedBy);
        Assert.Contains("fixed", result[1].SuppressedBy);
    }

    [Fact]
    public void CycloneDxVexNotAffected()
    {
        // samples/cyclonedx/valid-vulnerability-1.6.json: SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111, analysis not_affected
        // (code_not_reachable), affects pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4.
        var vex = VexDocuments.Load([TestPaths.Corpus("samples", "cyclonedx", "valid-vulnerability-1.6.json")]);
        var m = Match("CVE-2018-7489", "jackson-databind", "2.9.4", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4", aliases: ["SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111"]);
        var other = Match("CVE-2018-7489", "jackson-databind", "2.9.5", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.5", aliases: ["SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111"]);
        var result = MatchFilters.Apply([m, other], [vex]);
        Assert.Equal("cyclonedx-vex:valid-vulnerability-1.6.json (not_affected: code_not_reachable)", result[0].SuppressedBy);
        Assert.Null(result[1].SuppressedBy);
    }

    [Fact]
    public void IgnoreRulesMatchEveryGivenFieldAndExpire()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "ignore.yaml");
            File.WriteAllText(path, """
                ignore:
                  - vulnerability: CVE-2019-1551
                    package: { name: libssl1.1, location: "/lib/apk/**" }
                    reason: not reachable in this service
                  - fix-state: not-fixed
                    reason: nothing to do until a fix exists
                  - vulnerability: CVE-2019-1547
                    expires: 2020-01-01
                    reason: expired long ago
                """);
            var rules = IgnoreRules.Load(path, DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            var byIdAndGlob = Match("CVE-2019-1551", "libssl1.1", "1.1.1d-r2", "pkg:apk/alpine/libssl1.1@1.1.1d-r2");
            var wrongPath = Match("CVE-2019-1551", "libssl1.1", "1.1.1d-r2", "pkg:apk/alpine/libssl1.1@1.1.1d-r2", path: "/usr/lib/libssl.so.1.1");
            var notFixed = Match("CVE-2020-0001", "musl", "1.1.24-r0", "pkg:apk/alpine/musl@1.1.24-r0", FixStates.NotFixed);
            var expired = Match("CVE-2019-1547", "libssl1.1", "1.1.1c-r0", "pkg:apk/alpine/libssl1.1@1.1.1c-r0");
            var result = MatchFilters.Apply([byIdAndGlob, wrongPath, notFixed, expired], [rules]);
            Assert.Equal("ignore-rule: not reachable in this service", result[0].SuppressedBy);
            Assert.Null(result[1].SuppressedBy);
            Assert.Equal("ignore-rule: nothing to do until a fix exists", result[2].SuppressedBy);
            Assert.Null(result[3].SuppressedBy);

            File.WriteAllText(path, "ignore:\n  - reason: nothing named\n");
            var e = Assert.Throws<InvalidDataException>(() => IgnoreRules.Load(path, DateTimeOffset.UtcNow));
            Assert.Contains("ignore.yaml: rule 1 names nothing", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
