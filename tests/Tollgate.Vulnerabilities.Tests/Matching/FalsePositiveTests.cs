using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Matching;

namespace Tollgate.Vulnerabilities.Tests.Matching;

/// <summary>Matches that other scanners get wrong and we must not make.</summary>
[Collection(CorpusDbCollection.Name)]
public sealed class FalsePositiveTests(CorpusDb corpus)
{
    [Fact]
    public void DistroOwnedPythonPackageIsNotMatchedAgainstPyPI()
    {
        // Debian's python3-urllib3 ships urllib3 1.24.1 with backported fixes; the dist-info the Python cataloger finds
        // is owned by the dpkg package (OwnedBy set). The same name/version unowned matches CVE-2019-11324 (see
        // TruePositiveTests), so this proves the ownership rule, not a missing record.
        var deb = Packages.Make(PackageTypes.Deb, "python3-urllib3", "1.24.1-1", source: "python-urllib3");
        var owned = Packages.Make(PackageTypes.Python, "urllib3", "1.24.1", ownedBy: deb.Id);
        var matches = new VulnerabilityMatcher(corpus.Db).Match(Packages.Analysis(new Distro { Id = "debian", VersionId = "10" }, deb, owned));
        Assert.DoesNotContain(matches, m => m.PackageType == PackageTypes.Python);
        Assert.DoesNotContain(matches, m => m.Namespace == "pypi");
    }

    [Fact]
    public void CpeMatchingNeverFiresForEcosystemPackages()
    {
        // NVD CVE-2024-3094 (osv-samples/nvd-2.0) lists cpe:2.3:a:tukaani:xz 5.6.0 and 5.6.1. An unmanaged xz binary
        // 5.6.0 matches it by CPE; an npm/apk package carrying the same CPE must not (their ecosystems have advisories).
        var cpe = "cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*";
        var binary = Packages.Make(PackageTypes.Binary, "xz", "5.6.0", cpes: [cpe]);
        var apk = Packages.Make(PackageTypes.Apk, "xz", "5.6.0-r0", cpes: [cpe]);
        var npm = Packages.Make(PackageTypes.Npm, "xz", "5.6.0", cpes: [cpe]);
        var matches = new VulnerabilityMatcher(corpus.Db).Match(Packages.Analysis(new Distro { Id = "alpine", VersionId = "3.19.1" }, binary, apk, npm));
        Assert.Contains(matches, m => m.PackageType == PackageTypes.Binary && m.Id == "CVE-2024-3094" && m.MatchedBy == "cpe");
        Assert.DoesNotContain(matches, m => m.MatchedBy == "cpe" && m.PackageType != PackageTypes.Binary);
    }
}
