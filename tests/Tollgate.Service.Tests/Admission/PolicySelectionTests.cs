using System.Text.Json;
using Tollgate.Service.Admission;
using Tollgate.Service.Admission.Selection;

namespace Tollgate.Service.Tests.Admission;

public class PolicySelectionTests
{
    private static readonly JsonElement Deployment = JsonDocument.Parse("""
        {"metadata":{"name":"web","labels":{"team":"payments","tier":"prod"},"annotations":{"tollgate.io/policy":"strict"}}}
        """).RootElement;

    private static readonly AdmissionPolicy Rules = new()
    {
        Selectors =
        [
            new PolicySelector { ResourceType = SelectorTarget.Image, ValueRegex = "registry\\.internal/break/.*", Mode = AdmissionMode.Breakglass },
            new PolicySelector { ResourceType = SelectorTarget.Namespace, KeyRegex = "env", ValueRegex = "dev", Mode = AdmissionMode.Analysis },
            new PolicySelector { ResourceType = SelectorTarget.Resource, KeyRegex = "tollgate\\.io/policy", ValueRegex = "strict", Mode = AdmissionMode.Policy, BundleId = "dod" },
            new PolicySelector { ResourceType = SelectorTarget.Resource, KeyRegex = "name", ValueRegex = "batch-.*", Mode = AdmissionMode.Analysis, FailurePolicy = FailurePolicy.Ignore },
        ],
    };

    private static SelectionSubject Subject(string ns, Dictionary<string, string>? nsLabels, JsonElement obj, string? name = null) =>
        SelectionSubject.Of(ns, nsLabels, name, obj);

    [Fact]
    public void FirstMatchingSelectorWinsInOrder()
    {
        var dev = new Dictionary<string, string> { ["env"] = "dev" };
        Assert.Equal(AdmissionMode.Breakglass, PolicySelection.Select(Rules, Subject("a", dev, Deployment), "registry.internal/break/x:1").Mode);
        Assert.Equal(AdmissionMode.Analysis, PolicySelection.Select(Rules, Subject("a", dev, Deployment), "nginx").Mode);
        var strict = PolicySelection.Select(Rules, Subject("a", new() { ["env"] = "prod" }, Deployment), "nginx");
        Assert.Equal((AdmissionMode.Policy, "dod", FailurePolicy.Fail), (strict.Mode, strict.BundleId, strict.FailurePolicy));
        Assert.StartsWith("selector 2 (resource", strict.Because);
    }

    [Fact]
    public void RegexesAreAnchoredSoNonprodIsNotProd()
    {
        var rules = new AdmissionPolicy { Selectors = [new PolicySelector { ResourceType = SelectorTarget.Namespace, KeyRegex = "env", ValueRegex = "prod", Mode = AdmissionMode.Breakglass }] };
        Assert.Equal(AdmissionMode.Policy, PolicySelection.Select(rules, Subject("a", new() { ["env"] = "nonprod" }, Deployment), "x").Mode);
        Assert.Equal(AdmissionMode.Breakglass, PolicySelection.Select(rules, Subject("a", new() { ["env"] = "prod" }, Deployment), "x").Mode);
    }

    [Fact]
    public void NameKeyMatchesTheObjectNameAndTheNamespaceNameWithoutLabels()
    {
        var plain = JsonDocument.Parse("""{"metadata":{"labels":{"team":"data"}}}""").RootElement;
        var batch = PolicySelection.Select(Rules, Subject("a", null, plain, name: "batch-nightly"), "nginx");
        Assert.Equal((AdmissionMode.Analysis, FailurePolicy.Ignore), (batch.Mode, batch.FailurePolicy));
        var byName = new AdmissionPolicy { Selectors = [new PolicySelector { ResourceType = SelectorTarget.Namespace, KeyRegex = "name", ValueRegex = "sandbox-.*", Mode = AdmissionMode.Breakglass }] };
        Assert.Equal(AdmissionMode.Breakglass, PolicySelection.Select(byName, Subject("sandbox-1", null, Deployment), "x").Mode);
    }

    [Fact]
    public void NoSelectorMeansPolicyModeAgainstTheActiveBundleFailingClosed()
    {
        var selection = PolicySelection.Select(new AdmissionPolicy(), Subject("a", null, Deployment), "nginx");
        Assert.Equal((AdmissionMode.Policy, (string?)null, FailurePolicy.Fail, "default"), (selection.Mode, selection.BundleId, selection.FailurePolicy, selection.Because));
    }

    [Fact]
    public void BadRegexIsRefusedWhenTheConfigIsRead()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var path = Path.Combine(dir, "admission.yaml");
        File.WriteAllText(path, """
            selectors:
              - resourceType: image
                valueRegex: "([unclosed"
                mode: breakglass
            """);
        var e = Assert.Throws<FormatException>(() => AdmissionWebhook.ReadPolicy(path));
        Assert.True(e.Message.Contains("admission.yaml: selectors[0].valueRegex", StringComparison.Ordinal), e.Message);
        File.WriteAllText(path, "selectors:\n  - resourceType: image\n    mode: sometimes\n");
        Assert.Contains("admission.yaml", Assert.Throws<FormatException>(() => AdmissionWebhook.ReadPolicy(path)).Message);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void AbsentKeysKeepTheirDefaults()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var path = Path.Combine(dir, "admission.json");
        File.WriteAllText(path, """{"selectors":[{"resourceType":"image","mode":"breakglass"}]}""");
        var p = AdmissionWebhook.ReadPolicy(path);
        Assert.Equal((30, 8000, true, AdmissionMode.Policy), (p.TagCacheSeconds, p.TimeoutMilliseconds, p.RequestAnalysis, p.DefaultMode));
        Assert.Equal((".*", ".*"), (p.Selectors[0].KeyRegex, p.Selectors[0].ValueRegex));
        Assert.Empty(p.ExcludedNamespaces);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void YamlConfigReadsEveryField()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var path = Path.Combine(dir, "admission.yml");
        File.WriteAllText(path, """
            excludedNamespaces: [kube-system, tollgate]
            defaultMode: analysis
            admitWhilePending: true
            requestAnalysis: false
            failurePolicy: Ignore
            mutate: true
            tagCacheSeconds: 5
            selectors:
              - resourceType: namespace
                keyRegex: env
                valueRegex: prod
                mode: policy
                bundleId: dod
                failurePolicy: Fail
            namespaceLabels:
              shop: {env: prod}
            """);
        var p = AdmissionWebhook.ReadPolicy(path);
        Assert.Equal(["kube-system", "tollgate"], p.ExcludedNamespaces);
        Assert.Equal((AdmissionMode.Analysis, true, false, FailurePolicy.Ignore, true, 5), (p.DefaultMode, p.AdmitWhilePending, p.RequestAnalysis, p.FailurePolicy, p.Mutate, p.TagCacheSeconds));
        var s = Assert.Single(p.Selectors);
        Assert.Equal((SelectorTarget.Namespace, "dod", FailurePolicy.Fail), (s.ResourceType, s.BundleId, s.FailurePolicy));
        Assert.Equal("prod", p.NamespaceLabels["shop"]["env"]);
        Directory.Delete(dir, recursive: true);
    }
}
