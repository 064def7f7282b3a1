using Tollgate.Analysis;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Packs;
using Tollgate.Policy.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Policy.Tests;

/// <summary>The DoD pack on the test images built from real Debian packages (scripts/build-test-images.sh).</summary>
public class RealImageTests
{
    private static async Task<Evaluation> CheckImage(string name, string tag, string pack)
    {
        var layout = TestPaths.RequireTestData(name, "oci");
        var bundle = PackCatalog.Find(pack)!.Bundle;
        var input = await PolicyInputLoader.LoadAsync($"oci-dir:{layout}:{tag}", bundle, new AnalyzeOptions());
        return Check.Run(bundle, input with { Tag = $"localhost/tollgate-test/{name}:{tag}" });
    }

    [Fact]
    public async Task DodPackStopsDodBadAndEveryFindingNamesItsNistControl()
    {
        var r = await CheckImage("dod-bad", "latest", "dod");
        Assert.Equal(PolicyActions.Stop, r.FinalAction);
        Assert.All(r.Findings, f => Assert.NotEmpty(f.Controls.Nist));
        // Runs as root, keeps Debian's setuid binaries, exposes 22/tcp (and 80/tcp, privileged).
        Assert.Contains(r.Findings, f => f.RuleId == "dod-2.2-non-root" && f.Action == PolicyActions.Stop && f.Controls.Nist.Contains("AC-6(10)"));
        Assert.Contains(r.Findings, f => f.RuleId == "dod-2.1-port-22" && f.Message == "Dockerfile exposes port (22/tcp) which is in policy file DENIEDPORTS list");
        Assert.Contains(r.Findings, f => f.RuleId == "dod-2.5-privileged-ports" && f.Message == "Image exposes privileged port 80/tcp (below 1024)");
        var passwd = Assert.Single(r.Findings, f => f.Path == "/usr/bin/passwd");
        Assert.Equal("SUID or SGID found set on file /usr/bin/passwd. Mode: 0o104755", passwd.Message);
        Assert.Equal(Check.Md5Id("files", "suid_or_guid_set", passwd.Message), passwd.TriggerId);
        Assert.Contains(r.Findings, f => f.Message == "SUID or SGID found set on file /usr/bin/chage. Mode: 0o102755");
    }

    [Fact]
    public async Task DodPackPassesDodGoodWithWarningsAtMost()
    {
        var r = await CheckImage("dod-good", "1.0.0", "dod");
        Assert.NotEqual(PolicyActions.Stop, r.FinalAction);
        // Its setuid bits were removed in a later layer: the squashed view has none.
        Assert.DoesNotContain(r.Findings, f => f.Trigger == "suid_or_guid_set");
        Assert.DoesNotContain(r.Findings, f => f.Trigger == "runs_as_root");
    }

    [Fact]
    public async Task CorpusBundlesEvaluateOnTheDebianImage()
    {
        foreach (var name in new[] { "anchore_default_bundle.json", "bundle-with-all-rules-2020-08-20.json" })
        {
            var bundle = BundleLoader.Load(TestPaths.Corpus("policies", name), strict: false).Bundle!;
            var layout = TestPaths.RequireTestData("debian", "oci");
            var input = await PolicyInputLoader.LoadAsync($"oci-dir:{layout}:latest", bundle, new AnalyzeOptions());
            var r = Check.Run(bundle, input with { Tag = "docker.io/tollgate-test/debian:latest" });
            Assert.NotNull(r.MatchedMappingId);
            Assert.NotEmpty(r.Findings);
            Assert.True(input.RetrievedFiles.ContainsKey("/etc/passwd"));
        }
    }
}
