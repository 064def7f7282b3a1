using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates;
using Tollgate.Policy.Packs;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests;

public class PackTests
{
    [Fact]
    public void FourVersionedPacksShip()
    {
        Assert.Equal(["cis-docker", "default", "dod", "ironbank"], PackCatalog.All.Select(p => p.Name).Order());
        Assert.All(PackCatalog.All, p => Assert.Matches(@"^\d+\.\d+\.\d+$", p.Version));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("dod")]
    [InlineData("cis-docker")]
    [InlineData("ironbank")]
    public void EveryPackRuleValidatesAndMapsToNistAndCci(string name)
    {
        var read = BundleLoader.Load("pack:" + name);
        Assert.Empty(read.Problems);
        foreach (var rule in read.Bundle!.Policies.SelectMany(p => p.Rules))
        {
            var trigger = GateRegistry.Default.FindTrigger(rule.Gate, rule.Trigger)!;
            var controls = rule.Controls?.Or(trigger.Controls) ?? trigger.Controls;
            Assert.True(controls.Nist.Count > 0, $"{name}/{rule.Id} names no NIST control");
            Assert.True(controls.Cci.Count > 0, $"{name}/{rule.Id} names no CCI");
            Assert.All(controls.Srg, s => Assert.Matches(@"^SRG-APP-\d{6}-CTR-\d{6}$", s));
            Assert.All(controls.Cci, c => Assert.Matches(@"^CCI-\d{6}$", c));
        }
    }

    /// <summary>dod-bad as the test image script builds it: Debian base, root, setuid binaries, 22 and 80 exposed.</summary>
    private static PolicyInput DodBad()
    {
        var image = AlpineImage.WithConfig(c => c with { ExposedPorts = ["22/tcp", "80/tcp"], Cmd = ["/bin/bash"] });
        image = image with { Files = [.. image.Files, new FileFact { Path = "/usr/bin/passwd", Type = "file", Mode = 0x9ED }, new FileFact { Path = "/usr/bin/su", Type = "file", Mode = 0x9ED }] };
        return AlpineImage.Input(image, tag: "tollgate-test/dod-bad:latest");
    }

    [Fact]
    public void DodPackStopsARootSetuidSshImageNamingTheControls()
    {
        var r = Check.Run(PackCatalog.Find("dod")!.Bundle, DodBad());
        Assert.Equal(PolicyActions.Stop, r.FinalAction);
        Assert.All(r.Findings, f => Assert.NotEmpty(f.Controls.Nist));
        var stops = r.Findings.Where(f => f.Action == PolicyActions.Stop).Select(f => f.RuleId).ToHashSet();
        Assert.Superset(new HashSet<string?> { "dod-2.2-non-root", "dod-2.3-setuid-setgid", "dod-2.1-port-22", "dod-2.5-privileged-ports" }, stops);
        Assert.Contains(r.Findings, f => f.RuleId == "dod-2.3-setuid-setgid" && f.Controls.Nist.Contains("AC-6(10)") && f.Controls.Cci.Contains("CCI-002235"));
    }

    [Fact]
    public void DodPackPassesTheHardenedImageWithWarningsAtMost()
    {
        var image = AlpineImage.WithConfig(c => c with
        {
            User = "10001:10001",
            ExposedPorts = ["8080/tcp"],
            Healthcheck = new Healthcheck { Test = ["CMD", "/bin/true"] },
        }) with { Facts = new ImageFacts { User = "10001:10001", RunsAsRoot = false } };
        var r = Check.Run(PackCatalog.Find("dod")!.Bundle, AlpineImage.Input(image, scan: AlpineImage.Scan(), tag: "tollgate-test/dod-good:1.0.0"));
        Assert.NotEqual(PolicyActions.Stop, r.FinalAction);
        Assert.DoesNotContain(r.Findings, f => f.Action == PolicyActions.Stop);
    }

    [Fact]
    public void IronbankAllowlistsCommonSetuidFilesByPath()
    {
        var r = Check.Run(PackCatalog.Find("ironbank")!.Bundle, DodBad());
        var suid = r.Findings.Where(f => f.Trigger == "suid_or_guid_set").ToList();
        Assert.Equal(2, suid.Count);
        Assert.All(suid, f => Assert.Equal("CommonSUIDFilesWhitelist", f.AllowlistedBy?.WhitelistId));
        Assert.Contains(r.Findings, f => f.RuleId == "ib-labels" && f.Action == PolicyActions.Stop);
    }

    [Fact]
    public void CisPackFlagsDockleChecksFromHistory()
    {
        var image = AlpineImage.Analysis with
        {
            Image = AlpineImage.Analysis.Image with
            {
                History = [.. AlpineImage.Analysis.Image.History, new HistoryEntry { CreatedBy = "RUN /bin/sh -c apk add curl # buildkit" }],
            },
        };
        var r = Check.Run(PackCatalog.Find("cis-docker")!.Bundle, AlpineImage.Input(image));
        Assert.Contains(r.Findings, f => f.RuleId == "dkl-di-0004-apk-cache" && f.Message == "Dockerfile directive 'RUN' check 'like' matched against '(?!.*--no-cache).*apk\\s+(-\\S+\\s+)*add\\b.*' for line 'apk add curl'");
        Assert.Equal(PolicyActions.Stop, r.FinalAction);
    }
}
