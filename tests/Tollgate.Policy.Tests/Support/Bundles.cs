using Tollgate.Policy.Bundles;

namespace Tollgate.Policy.Tests.Support;

/// <summary>Small bundles for tests, written as users write them (YAML), each rule on one trigger.</summary>
public static class TestBundles
{
    public static PolicyBundle Parse(string yaml)
    {
        var read = BundleLoader.ReadText(yaml);
        Assert.False(read.HasErrors, string.Join("\n", read.Problems));
        return read.Bundle!;
    }

    /// <summary>A bundle mapping every image to one policy with the given rules (YAML list items).</summary>
    public static PolicyBundle WithRules(string rulesYaml, string whitelistItemsYaml = "[]") => Parse($$"""
        id: test-bundle
        version: "1_0"
        name: test
        policies:
          - id: p1
            name: policy one
            rules:
        {{Indent(rulesYaml, 6)}}
        whitelists:
          - id: w1
            name: exceptions
            items: {{whitelistItemsYaml}}
        mappings:
          - {id: m1, name: all, registry: "*", repository: "*", image: {type: tag, value: "*"}, policy_ids: [p1], whitelist_ids: [w1]}
        """);

    public static PolicyBundle OneRule(string gate, string trigger, string action = "STOP", string paramsYaml = "[]") =>
        WithRules($"- {{id: r1, gate: {gate}, trigger: {trigger}, action: {action}, params: {paramsYaml}}}");

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Trim('\n').Split('\n').Select(l => new string(' ', spaces) + l));
}
