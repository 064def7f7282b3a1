using Tollgate.Analysis.Model;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Feeds.Csaf;
using Tollgate.Vulnerabilities.Matching;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Tests.Matching;

namespace Tollgate.Vulnerabilities.Tests.Feeds;

/// <summary>
/// CSAF 2.0: the four VEX states read from the CSAF sample documents, and Red Hat's real RHSA documents
/// (vunnel-upstream/rhel/csaf) applied to RPM packages of RHEL-family images through the corpus DB.
/// </summary>
[Collection(CorpusDbCollection.Name)]
public sealed class RedHatCsafTests(CorpusDb corpus)
{
    private static string Rhsa(params string[] path) => TestPaths.Corpus(["vulns", "vunnel-upstream", "rhel", "csaf", "advisories", .. path]);

    private IReadOnlyList<VulnerabilityMatch> Match(Distro distro, params Package[] packages) =>
        new VulnerabilityMatcher(corpus.Db).Match(Packages.Analysis(distro, packages));

    [Fact]
    public void SampleVexDocumentStatesAreRead()
    {
        // samples/csaf/2022-evd-uc-03-ms-001.json (CSAF 2.0 VEX example, "Example Company GHI 17.4"): per CVE one
        // product_status list. under_investigation: CVE-2020-11896/11900/11903/11904/11908; known_not_affected:
        // 11897/11899/11902/11905/11906/11913; known_affected: 11898/11907/11909/11910/11911 (remediation
        // none_available); fixed: 11901/11912/11914.
        var doc = CsafDocument.Parse(new FeedFile("ms", () => File.OpenRead(TestPaths.Corpus("samples", "csaf", "2022-evd-uc-03-ms-001.json"))));
        var statements = doc.Vulnerabilities.SelectMany(doc.Statements).ToList();
        Assert.Equal("2022-EVD-UC-03-MS-001", doc.Id);
        Assert.Equal("csaf_vex", doc.Category);
        Assert.Equal(19, statements.Count);
        string[] Cves(string status) => statements.Where(s => s.Status == status).Select(s => s.Cve[^5..]).Order().ToArray();
        Assert.Equal(["11896", "11900", "11903", "11904", "11908"], Cves(CsafStatus.UnderInvestigation));
        Assert.Equal(["11897", "11899", "11902", "11905", "11906", "11913"], Cves(CsafStatus.NotAffected));
        Assert.Equal(["11898", "11907", "11909", "11910", "11911"], Cves(CsafStatus.Affected));
        Assert.Equal(["11901", "11912", "11914"], Cves(CsafStatus.Fixed));
        Assert.All(statements.Where(s => s.Status == CsafStatus.Affected), s => Assert.Equal("none_available", s.Remediation));
        Assert.All(statements, s => Assert.Equal("Example Company GHI 17.4", s.Package?.Name));

        // Its product is no rpm on a RHEL platform: nothing is applied, and the report says so.
        var sink = new ListSink();
        var report = FeedImporter.Import(TestPaths.Corpus("samples", "csaf", "2022-evd-uc-03-ms-001.json"), sink);
        Assert.Empty(sink.Advisories);
        Assert.Contains("19 of 19 product statuses not applied", Assert.Single(report.Skipped).Reason);
    }

    [Fact]
    public void RhsaFixedAndNotAffectedStatesBecomeRpmEntries()
    {
        // RHSA-2025:23414 (RHEL 6 ELS, bind): CVE-2025-40778 is fixed in bind-libs 32:9.8.2-0.68.rc1.el6_10.17 and
        // known_not_affected (vulnerable_code_not_present) in bind-chroot; Red Hat rates it Important.
        var sink = new ListSink();
        FeedImporter.Import(Rhsa("2025", "rhsa-2025_23414.json"), sink);
        var cve = Assert.Single(sink.Advisories, a => a.Id == "CVE-2025-40778");
        Assert.Equal((RedHatCsafReader.Source, Severities.High), (cve.Source, cve.Severity));
        Assert.Equal(["RHSA-2025:23414"], cve.Aliases);
        var libs = Assert.Single(cve.Affected, a => a.Name == "bind-libs");
        Assert.Equal(("rhel:6", "32:9.8.2-0.68.rc1.el6_10.17"), (libs.Namespace, Assert.Single(libs.Ranges).Fixed));
        Assert.Equal(FixStates.NotAffected, Assert.Single(cve.Affected, a => a.Name == "bind-chroot").FixState);

        // The src rpm "bind" is listed not affected while the bind binary is fixed: the binary's state is kept.
        Assert.Equal("32:9.8.2-0.68.rc1.el6_10.17", Assert.Single(Assert.Single(cve.Affected, a => a.Name == "bind").Ranges).Fixed);
    }

    [Fact]
    public void RhelBindFixedAndNotAffected()
    {
        // RHEL 6 bind-libs one build before the RHSA-2025:23414 fix (el6_10.16 < el6_10.17), built from source bind:
        // CVE-2021-25220 and CVE-2025-40778, each fixed in 32:9.8.2-0.68.rc1.el6_10.17 with the RHSA as alias.
        var rhel6 = new Distro { Id = "rhel", VersionId = "6.10" };
        var libs = Match(rhel6, Packages.Make(PackageTypes.Rpm, "bind-libs", "32:9.8.2-0.68.rc1.el6_10.16", source: "bind"));
        foreach (var id in new[] { "CVE-2021-25220", "CVE-2025-40778" })
        {
            var row = Assert.Single(libs, m => m.Id == id);
            Assert.Contains("RHSA-2025:23414", row.Aliases);
            Assert.Contains("32:9.8.2-0.68.rc1.el6_10.17", row.FixedIn);
            Assert.Equal(FixStates.Fixed, row.FixState);
        }

        Assert.Equal(Severities.High, Assert.Single(libs, m => m.Id == "CVE-2025-40778").Severity); // "Important"

        // bind-chroot, same build and source: Red Hat states both CVEs known_not_affected for it → no rows, even
        // though its source package bind has a fix for them.
        var chroot = Match(rhel6, Packages.Make(PackageTypes.Rpm, "bind-chroot", "32:9.8.2-0.68.rc1.el6_10.16", source: "bind"));
        Assert.DoesNotContain(chroot, m => m.Id is "CVE-2021-25220" or "CVE-2025-40778");

        // The fixed build itself is clean.
        Assert.DoesNotContain(Match(rhel6, Packages.Make(PackageTypes.Rpm, "bind-libs", "32:9.8.2-0.68.rc1.el6_10.17", source: "bind")), m => m.Id is "CVE-2021-25220" or "CVE-2025-40778");
    }

    [Fact]
    public void RubyModuleStreamsAreKeptApart()
    {
        // Rocky Linux 8 (RHEL family → rhel:8). ruby:2.5 stream build 2.5.9-110 is below RHSA-2023:7025's fix
        // 2.5.9-111.module+el8.9.0+19193+435404ae → CVE-2021-33621, CVE-2022-28739, CVE-2023-28755, CVE-2023-28756.
        // Not CVE-2023-36617: only RHSA-2024:1431 names it, for the ruby:3.1 stream.
        var rocky8 = new Distro { Id = "rocky", VersionId = "8.9" };
        var ruby25 = Match(rocky8, Packages.Make(PackageTypes.Rpm, "ruby", "2.5.9-110.module+el8.6.0+15956+aa803fc1", source: "ruby"));
        string[] expected25 = ["CVE-2021-33621", "CVE-2022-28739", "CVE-2023-28755", "CVE-2023-28756"];
        Assert.All(expected25, id => Assert.Equal(["2.5.9-111.module+el8.9.0+19193+435404ae"], Assert.Single(ruby25, m => m.Id == id).FixedIn));
        Assert.Contains("RHSA-2023:7025", Assert.Single(ruby25, m => m.Id == "CVE-2022-28739").Aliases);
        Assert.DoesNotContain(ruby25, m => m.Id == "CVE-2023-36617");

        // ruby:3.1 stream build 3.1.2-141: RHSA-2024:1431 (fixed 3.1.4-142.module+el8.9.0+21471+7d1e4a35) →
        // CVE-2021-33621, CVE-2023-28755, CVE-2023-28756, CVE-2023-36617. Not CVE-2022-28739: its only fix is the
        // ruby:2.5 stream's.
        var ruby31 = Match(rocky8, Packages.Make(PackageTypes.Rpm, "ruby", "3.1.2-141.module+el8.7.0+17223+4d5c5a8d", source: "ruby"));
        string[] expected31 = ["CVE-2021-33621", "CVE-2023-28755", "CVE-2023-28756", "CVE-2023-36617"];
        Assert.All(expected31, id => Assert.Equal(["3.1.4-142.module+el8.9.0+21471+7d1e4a35"], Assert.Single(ruby31, m => m.Id == id).FixedIn));
        Assert.DoesNotContain(ruby31, m => m.Id == "CVE-2022-28739");

        // ruby:2.7 build 2.7.6: only RHSA-2023:3821's fix 2.7.8-139 applies. Without the stream bound it would also
        // be "below" the ruby:3.1 stream's fix 3.1.4-142 and get that as a second, wrong fixed-in version.
        var ruby27 = Match(rocky8, Packages.Make(PackageTypes.Rpm, "ruby", "2.7.6-138.module+el8.7.0+15051+4f2c7c2b", source: "ruby"));
        Assert.Equal(["2.7.8-139.module+el8.8.0+18745+f1bef313"], Assert.Single(ruby27, m => m.Id == "CVE-2023-28755").FixedIn);

        // Debian ruby of the same version: another distro, no Red Hat data applies.
        Assert.DoesNotContain(Match(new Distro { Id = "debian", VersionId = "12" }, Packages.Make(PackageTypes.Deb, "ruby", "2.5.9-110")), m => m.Namespace.StartsWith("rhel", StringComparison.Ordinal));
    }
}
