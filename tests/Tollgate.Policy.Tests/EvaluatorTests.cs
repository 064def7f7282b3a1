using Tollgate.Analysis.Model;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests;

public class EvaluatorTests
{
    private static readonly PolicyInput Alpine = AlpineImage.Input();

    private static PolicyBundle Mapped(string mappings, string images = "") => TestBundles.Parse($$"""
        id: b
        version: "1_0"
        policies:
          - id: stop
            rules: [{id: s, gate: always, trigger: always, action: STOP, params: []}]
          - id: warn
            rules: [{id: w, gate: always, trigger: always, action: WARN, params: []}]
          - id: go
            rules: [{id: g, gate: always, trigger: always, action: GO, params: []}]
        mappings:
        {{mappings}}
        {{images}}
        """);

    [Fact]
    public void StopBeatsWarnBeatsGoAcrossPolicies()
    {
        var b = Mapped("""  - {registry: "*", repository: "*", image: {type: tag, value: "*"}, policy_ids: [go, warn, stop]}""");
        var r = Check.Run(b, Alpine);
        Assert.Equal(PolicyActions.Stop, r.FinalAction);
        Assert.Equal(["GO", "WARN", "STOP"], r.Policies.Select(p => p.Action));
        Assert.Equal(PolicyActions.Warn, Check.Run(Mapped("""  - {registry: "*", repository: "*", image: {type: tag, value: "*"}, policy_ids: [go, warn]}"""), Alpine).FinalAction);
    }

    [Fact]
    public void FirstMatchingMappingWinsAndRegexpAndPrivateRegistriesWork()
    {
        var b = Mapped("""
              - {name: internal, registry: "registry.internal:5000", repository: "regexp:team-[a-z]+/", image: {type: tag, value: "v*"}, policy_ids: [stop]}
              - {name: hub-alpine, registry: docker.io, repository: library/alpine, image: {type: tag, value: "*"}, policy_ids: [warn]}
              - {name: rest, registry: "*", repository: "*", image: {type: tag, value: "*"}, policy_ids: [go]}
            """);
        Assert.Equal("internal", Check.Run(b, AlpineImage.Input(tag: "registry.internal:5000/team-a/api:v2")).MatchedMappingName);
        Assert.Equal("rest", Check.Run(b, AlpineImage.Input(tag: "registry.internal:5000/team-a/api:latest")).MatchedMappingName);
        Assert.Equal("hub-alpine", Check.Run(b, AlpineImage.Input(tag: "alpine:3.20")).MatchedMappingName);
        Assert.Equal("rest", Check.Run(b, AlpineImage.Input(tag: "quay.io/library/alpine:3.20")).MatchedMappingName);
    }

    [Fact]
    public void NoMappingFallsThroughToGoOrFailsClosed()
    {
        var b = Mapped("""  - {registry: quay.io, repository: "*", image: {type: tag, value: "*"}, policy_ids: [stop]}""");
        var open = Check.Run(b, Alpine);
        Assert.Equal(PolicyActions.Go, open.FinalAction);
        Assert.Empty(open.Findings);
        var closed = Check.Run(b, Alpine, failClosed: true);
        Assert.Equal(PolicyActions.Stop, closed.FinalAction);
        Assert.Equal("no_mapping", closed.FinalActionReason);
    }

    [Fact]
    public void BlacklistedImageBeatsWhitelistedImage()
    {
        var images = """
            whitelisted_images: [{name: alpine-ok, registry: "*", repository: "library/alpine", image: {type: tag, value: "*"}}]
            blacklisted_images: [{name: alpine-digest, registry: "*", repository: "*", image: {type: digest, value: "sha256:1b1e81a9d5e8d6a0b0f4d1c5c2e4c3a1f1b9f0e3d0c2b4a6e8f0a2c4e6b8d0f2"}}]
            """;
        var b = Mapped("""  - {registry: "*", repository: "*", image: {type: tag, value: "*"}, policy_ids: [go]}""", images);
        var r = Check.Run(b, Alpine);
        Assert.Equal(PolicyActions.Stop, r.FinalAction);
        Assert.Equal("blacklisted", r.FinalActionReason);
        Assert.Equal("alpine-digest", r.MatchedDenylistedImage);
        Assert.Equal("alpine-ok", r.MatchedAllowlistedImage);
    }

    private const string SuidRule = "- {id: suid, gate: files, trigger: suid_or_guid_set, action: STOP, params: []}";

    private static PolicyInput WithSuid(params (string Path, int Layer)[] files) =>
        AlpineImage.Input(AlpineImage.WithFiles([.. files.Select(f => new FileFact { Path = f.Path, Type = "file", Mode = 0x9ED, Layer = f.Layer })]) with
        {
            Facts = new ImageFacts { BaseImage = new BaseImage { Name = "alpine:3.20", Evidence = "history", LayerCount = 1 } },
        });

    [Fact]
    public void WhitelistItemsMatchByMd5IdGlobAndExpire()
    {
        var input = WithSuid(("/usr/bin/chage", 0));
        var items = "[{id: chage, gate: files, trigger_id: 639f6f1177735759703e928c14714a59, expires_on: '2026-12-10T00:00:00Z', reason: 'needed by login', owner: secops}]";
        var r = Check.Run(TestBundles.WithRules(SuidRule, items), input);
        Assert.Equal(PolicyActions.Go, r.FinalAction);
        var f = Assert.Single(r.Findings);
        Assert.Equal("chage", f.AllowlistedBy!.ItemId);
        Assert.Equal("secops", f.AllowlistedBy.Owner);
        Assert.Equal(PolicyActions.Stop, f.RuleAction);
        var expiring = Assert.Single(r.ExpiringExceptions);
        Assert.Equal(11, expiring.DaysLeft);

        var expired = "[{gate: files, trigger_id: 639f6f1177735759703e928c14714a59, expires_on: '2026-11-01T00:00:00Z'}]";
        Assert.Equal(PolicyActions.Stop, Check.Run(TestBundles.WithRules(SuidRule, expired), input).FinalAction);
        Assert.Equal(PolicyActions.Go, Check.Run(TestBundles.WithRules(SuidRule, "[{gate: FILES, trigger_id: '639f*'}]"), input).FinalAction);
        Assert.Equal(PolicyActions.Stop, Check.Run(TestBundles.WithRules(SuidRule, "[{gate: dockerfile, trigger_id: '*'}]"), input).FinalAction);
    }

    [Fact]
    public void ExceptionsCanBeScopedToPathAndPackageVersion()
    {
        var input = WithSuid(("/usr/bin/chage", 0), ("/opt/app/bin/helper", 2));
        var r = Check.Run(TestBundles.WithRules(SuidRule, "[{gate: files, trigger_id: '*', path: '/usr/bin/*', reason: common suid}]"), input);
        Assert.Equal(PolicyActions.Stop, r.FinalAction);
        Assert.Equal(["/usr/bin/chage"], r.Findings.Where(f => f.AllowlistedBy is not null).Select(f => f.Path));

        var vulnRule = "- {id: v, gate: vulnerabilities, trigger: package, action: STOP, params: [{name: package_type, value: all}]}";
        var scan = AlpineImage.Input(scan: AlpineImage.Scan(AlpineImage.OpensslMatch()));
        Assert.Equal(PolicyActions.Go, Check.Run(TestBundles.WithRules(vulnRule, "[{gate: vulnerabilities, trigger_id: CVE-2024-9143+libcrypto3, version: 3.3.2-r0}]"), scan).FinalAction);
        Assert.Equal(PolicyActions.Stop, Check.Run(TestBundles.WithRules(vulnRule, "[{gate: vulnerabilities, trigger_id: CVE-2024-9143+libcrypto3, version: 3.3.1-r0}]"), scan).FinalAction);
    }

    [Fact]
    public void FindingsInBaseLayersAreInherited()
    {
        var r = Check.Run(TestBundles.WithRules(SuidRule), WithSuid(("/usr/bin/chage", 0), ("/opt/app/bin/helper", 2)));
        Assert.True(r.Findings.Single(f => f.Path == "/usr/bin/chage").Inherited);
        Assert.False(r.Findings.Single(f => f.Path == "/opt/app/bin/helper").Inherited);
    }

    [Fact]
    public void ThresholdRulesFireOnlyAboveTheCount()
    {
        var input = WithSuid(("/usr/bin/a", 1), ("/usr/bin/b", 1), ("/usr/bin/c", 1));
        var over = Check.Run(TestBundles.WithRules("- {id: t, gate: files, trigger: suid_or_guid_set, action: STOP, threshold: 2, params: []}"), input);
        Assert.Equal(PolicyActions.Stop, over.FinalAction);
        Assert.Equal("3 matches of files/suid_or_guid_set exceed the threshold of 2", over.Findings[0].Message);
        Assert.All(over.Findings.Skip(1), f => Assert.True(f.CountedOnly));
        var under = Check.Run(TestBundles.WithRules("- {id: t, gate: files, trigger: suid_or_guid_set, action: STOP, threshold: 3, params: []}"), input);
        Assert.Equal(PolicyActions.Go, under.FinalAction);
        Assert.Equal(3, under.Findings.Count);
    }

    [Fact]
    public void ATriggerThatFailsBecomesAWarnDecision()
    {
        var r = Check.Run(TestBundles.WithRules("- {id: bad, gate: files, trigger: name_match, action: STOP, params: [{name: regex, value: '*\\.pem'}]}"), Alpine);
        Assert.Equal(PolicyActions.Warn, r.FinalAction);
        Assert.True(Assert.Single(r.Findings).Failed);
    }

    [Fact]
    public void RemediationAndControlsComeFromTheRuleOrTheTrigger()
    {
        var r = Check.Run(TestBundles.WithRules(SuidRule), WithSuid(("/usr/bin/chage", 0)));
        var f = Assert.Single(r.Findings);
        Assert.Contains("chmod a-s", f.Remediation);
        Assert.Equal(["AC-6(10)"], f.Controls.Nist);
    }

    [Fact]
    public void MissingVulnerabilityDataIsReported()
    {
        var r = Check.Run(TestBundles.OneRule("vulnerabilities", "vulnerability_data_unavailable", "WARN"), Alpine);
        Assert.Contains(r.Problems, p => p.ProblemType == "vulnerability_data_unavailable");
        Assert.Equal(PolicyActions.Warn, r.FinalAction);
    }
}
