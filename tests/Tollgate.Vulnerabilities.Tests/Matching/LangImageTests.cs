using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Matching;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Tests.Matching;

/// <summary>
/// The "lang" test image (scripts/build-test-images.sh; TOLLGATE_TESTDATA), inventoried by the real pipeline from its
/// unpacked rootfs and matched against the corpus DB: packages as the catalogers really report them, not hand-made.
/// </summary>
[Collection(CorpusDbCollection.Name)]
public sealed class LangImageTests(CorpusDb corpus)
{
    private static readonly Lazy<ImageAnalysis> Analysis = new(() =>
        ImageAnalyzer.AnalyzeAsync("dir:" + TestPaths.RequireTestData("lang", "bundle", "rootfs"), new AnalyzeOptions()).GetAwaiter().GetResult());

    private IReadOnlyList<VulnerabilityMatch> Matches => new VulnerabilityMatcher(corpus.Db).Match(Analysis.Value);

    [Fact]
    public void GoModulesOfTheRealEsbuildBinary()
    {
        // /usr/local/bin/esbuild (@esbuild/linux-x64 0.23.1) was built with go1.22.5 and golang.org/x/sys
        // v0.0.0-20220715151400-c0bba94af5f8 (its embedded build info). osv-go:
        // GO-2024-3105 / CVE-2024-34155, GO-2024-3106 / CVE-2024-34156, GO-2024-3107 / CVE-2024-34158: stdlib fixed in
        // 1.22.7 → affected. GO-2024-2963 / CVE-2024-24791: fixed in 1.22.5 itself → not affected.
        // GO-2022-0493 / CVE-2022-29526: x/sys fixed in v0.0.0-20220412211240-33da011f77ad, before this build → not affected.
        var stdlib = Matches.Where(m => m.PackageType == PackageTypes.Go && m.PackageName == "stdlib" && m.Locations.Any(l => l.Path == "/usr/local/bin/esbuild")).ToList();
        foreach (var (cve, go) in new[] { ("CVE-2024-34155", "GO-2024-3105"), ("CVE-2024-34156", "GO-2024-3106"), ("CVE-2024-34158", "GO-2024-3107") })
        {
            var row = Assert.Single(stdlib, m => m.Id == cve);
            Assert.Contains(go, row.Aliases);
            Assert.Contains("1.22.7", row.FixedIn);
        }

        Assert.DoesNotContain(stdlib, m => m.Id == "CVE-2024-24791");
        Assert.DoesNotContain(Matches, m => m.PackageName == "golang.org/x/sys" && m.Id == "CVE-2022-29526");
    }

    [Fact]
    public void NpmPackagesOfTheRealApp()
    {
        // /app: npm install lodash@4.17.20 minimist@1.2.5. lodash 4.17.20 → CVE-2021-23337 and CVE-2020-28500 (Retire.js
        // repository ranges below 4.17.21; see TruePositiveTests).
        var app = Matches.Where(m => m.PackageType == PackageTypes.Npm && m.Locations.Any(l => l.Path.StartsWith("/app/", StringComparison.Ordinal))).ToList();
        Assert.Contains(app, m => m.PackageName == "lodash" && m.Id == "CVE-2021-23337");
        Assert.Contains(app, m => m.PackageName == "lodash" && m.Id == "CVE-2020-28500");

        // minimist 1.2.5 is vulnerable upstream (CVE-2021-44906, prototype pollution, fixed in 1.2.6), but no advisory
        // for minimist exists anywhere in ../shared/corpora: not in osv-samples, nodejs-security-wg (468 records, none
        // for minimist), the Retire.js repository or vunnel's GHSA fixtures. With no data there is no true positive to
        // show; this asserts the gap so that adding such a record turns this into the missing test.
        Assert.DoesNotContain(app, m => m.PackageName == "minimist");
        Assert.DoesNotContain(corpus.Db.Affected(Namespaces.Npm, ["minimist"]), _ => true);
    }
}
