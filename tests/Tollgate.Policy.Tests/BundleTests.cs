using System.Text.Json.Nodes;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Policy.Tests;

public class BundleTests
{
    public static TheoryData<string> CorpusBundles => new() { "anchore_default_bundle.json", "bundle-with-all-rules-2020-08-20.json" };

    private static string Corpus(string name) => File.ReadAllText(TestPaths.Corpus("policies", name));

    [Theory]
    [MemberData(nameof(CorpusBundles))]
    public void CorpusBundlesValidateWithoutErrors(string name)
    {
        var read = BundleLoader.ReadText(Corpus(name));
        Assert.NotNull(read.Bundle);
        Assert.DoesNotContain(read.Problems, p => p.Severity == ProblemSeverity.Error);
    }

    [Fact]
    public void AllRulesBundleHasItsRulesAndOnlyTheInvalidRegexIsAWarning()
    {
        var read = BundleLoader.ReadText(Corpus("bundle-with-all-rules-2020-08-20.json"));
        Assert.Equal(38, read.Bundle!.Policies.Sum(p => p.Rules.Count));
        var warning = Assert.Single(read.Problems);
        Assert.Equal(ProblemSeverity.Warning, warning.Severity);
        Assert.Equal("$.policies[0].rules[5].params[0].value", warning.Path);
        Assert.Equal(6, BundleLoader.ReadText(Corpus("anchore_default_bundle.json")).Bundle!.Policies[0].Rules.Count);
    }

    [Fact]
    public void DefaultBundleEvaluatesOnTheAlpineImage()
    {
        var bundle = BundleLoader.ReadText(Corpus("anchore_default_bundle.json")).Bundle!;
        var result = Check.Run(bundle, AlpineImage.Input(scan: AlpineImage.Scan(AlpineImage.OpensslMatch())));
        Assert.Equal("c4f9bf74-dc38-4ddf-b5cf-00e9c0074611", result.MatchedMappingId);
        // Medium OpenSSL advisory (WARN via "= medium") and no HEALTHCHECK (WARN); no port 22, nothing above medium.
        Assert.Equal(PolicyActions.Warn, result.FinalAction);
        Assert.Equal(2, result.Findings.Count);
        Assert.Contains(result.Findings, f => f.RuleId == "6063fdde-b1c5-46af-973a-915739451ac4" && f.TriggerId == "CVE-2024-9143+libcrypto3");
        Assert.Contains(result.Findings, f => f.RuleId == "312d9e41-1c05-4e2f-ad89-b7d34b0855bb");
    }

    [Fact]
    public void AllRulesBundleEvaluates()
    {
        var bundle = BundleLoader.ReadText(Corpus("bundle-with-all-rules-2020-08-20.json")).Bundle!;
        var result = Check.Run(bundle, AlpineImage.Input(tag: "docker.io/library/alpine:3.20.3"));
        Assert.Equal("dd1fa363-f181-4b0e-9067-addd4c26337f", result.MatchedMappingId);
        Assert.Equal(PolicyActions.Warn, result.FinalAction);
        // "*\\.pem" is not a regex: the rule fails and, as in Anchore, becomes a WARN decision.
        Assert.Contains(result.Findings, f => f.Gate == "files" && f.Trigger == "name_match" && f.Failed);
        Assert.Contains(result.Findings, f => f.Trigger == "no_dockerfile_provided" && f.Action == PolicyActions.Go);

        // Its whitelisted_images entry names repository "alpine", but tags are normalised to library/alpine
        // (as Anchore does), so it selects nothing.
        var latest = Check.Run(bundle, AlpineImage.Input(tag: "alpine:latest"));
        Assert.Null(latest.MatchedAllowlistedImage);
        Assert.Equal("policy_evaluation", latest.FinalActionReason);
    }

    [Theory]
    [MemberData(nameof(CorpusBundles))]
    public void ConversionToV2AndBackIsLossless(string name)
    {
        var original = JsonNode.Parse(Corpus(name))!;
        var v1 = BundleReader.Parse(Corpus(name)).Bundle!;
        var v2Json = BundleWriter.ToJson(v1, BundleFormat.V2);
        Assert.Contains("\"rule_sets\"", v2Json);
        Assert.Contains("\"allowlists\"", v2Json);
        var v2 = BundleReader.Parse(v2Json);
        Assert.False(v2.HasErrors, string.Join("\n", v2.Problems));
        Assert.Equal(BundleFormat.V2, v2.Bundle!.Format);
        var back = BundleWriter.ToNode(v2.Bundle, BundleFormat.V1);
        Assert.True(JsonNode.DeepEquals(Normalise(original), Normalise(back)), back.ToJsonString());
    }

    [Fact]
    public void YamlBundlesReadTheSameAsJson()
    {
        var yaml = """
            id: y1
            version: "1_0"
            policies:
              - id: p
                rules:
                  - {id: r, gate: dockerfile, trigger: exposed_ports, action: stop, params: [{name: ports, value: 22}, {name: type, value: blacklist}]}
            mappings:
              - {registry: "*", repository: "*", image: {type: tag, value: "*"}, policy_id: p}
            """;
        var read = BundleLoader.ReadText(yaml);
        Assert.False(read.HasErrors, string.Join("\n", read.Problems));
        Assert.Equal("22", read.Bundle!.Policies[0].Rules[0].Params[0].Value);
    }

    [Fact]
    public void BrokenBundleReportsEveryProblemWithItsPath()
    {
        var broken = """
            {
              "version": "1_0",
              "x_custom": {"kept": true},
              "policies": [{
                "id": "p1",
                "rules": [
                  {"id": "r1", "gate": "dockerfil", "trigger": "instruction", "action": "STOP", "params": []},
                  {"id": "r2", "gate": "dockerfile", "trigger": "exposed_port", "action": "STOP", "params": []},
                  {"id": "r3", "gate": "dockerfile", "trigger": "exposed_ports", "action": "BLOCK",
                   "params": [{"name": "ports", "value": "22,ssh"}, {"name": "type", "value": "denylist"}, {"name": "colour", "value": "red"}]},
                  {"id": "r4", "gate": "vulnerabilities", "trigger": "package", "action": "WARN", "params": [{"name": "severity", "value": "HIGH"}]},
                  {"id": "r5", "gate": "anchoresec", "trigger": "vulnhigh", "action": "STOP", "params": []}
                ]
              }],
              "whitelists": [{"id": "w1", "items": [{"id": "i1", "gate": "files", "trigger_id": "abc", "expires_on": "next tuesday"}]}],
              "mappings": [{"name": "m", "registry": "*", "repository": "regexp:([", "image": {"type": "sha", "value": "*"}, "policy_ids": ["p1", "p9"], "whitelist_ids": ["w7"]}]
            }
            """;
        var problems = BundleLoader.ReadText(broken).Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.Path).ToList();
        string[] expected =
        [
            "$.id",
            "$.whitelists[0].items[0].expires_on",
            "$.policies[0].rules[0].gate",
            "$.policies[0].rules[1].trigger",
            "$.policies[0].rules[2].action",
            "$.policies[0].rules[2].params[0].value",
            "$.policies[0].rules[2].params[1].value",
            "$.policies[0].rules[2].params[2].name",
            "$.policies[0].rules[3].params[0].value",
            "$.policies[0].rules[3].params",
            "$.policies[0].rules[4].gate",
            "$.mappings[0].repository",
            "$.mappings[0].image.type",
            "$.mappings[0].policy_ids[1]",
            "$.mappings[0].whitelist_ids[0]",
        ];
        Assert.Equal(expected.Order(), problems.Order());
    }

    [Fact]
    public void EndOfLifeGatesAreNoOpsAtEvaluation()
    {
        var bundle = BundleReader.Parse("""{"id":"b","version":"1_0","policies":[{"id":"p","rules":[{"gate":"anchoresec","trigger":"vulnhigh","action":"STOP","params":[]}]}],"mappings":[{"registry":"*","repository":"*","image":{"type":"tag","value":"*"},"policy_ids":["p"]}]}""").Bundle!;
        var result = Check.Run(bundle, AlpineImage.Input());
        Assert.Equal(PolicyActions.Go, result.FinalAction);
        Assert.Empty(result.Findings);
    }

    /// <summary>
    /// Key order does not matter; empty lists the writer always emits equal absent ones; the legacy single
    /// "policy_id" equals "policy_ids" with one id (v2 has only the list form).
    /// </summary>
    private static JsonNode Normalise(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(kv => kv.Value is not JsonArray { Count: 0 }).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key == "policy_id"
                ? KeyValuePair.Create<string, JsonNode?>("policy_ids", new JsonArray(kv.Value!.DeepClone()))
                : KeyValuePair.Create(kv.Key, kv.Value is null ? null : Normalise(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(i => i is null ? null : Normalise(i))]),
        _ => node.DeepClone(),
    };
}
