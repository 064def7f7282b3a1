using Tollgate.Service.Policies;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests.Policies;

/// <summary>The policy area on both engines, with Anchore's real bundles from the shared corpus.</summary>
public abstract class PolicyStoreTests : EngineTests
{
    public static string DefaultBundle => File.ReadAllText(TestPaths.Corpus("policies", "anchore_default_bundle.json"));

    [Fact]
    public void FirstUploadBecomesActiveAndVersionIsTheContentHash()
    {
        using var db = StoreDatabase.Open(Spec);
        var store = new PolicyStore(db);
        Assert.Null(store.Active());

        var saved = store.Save(DefaultBundle);
        Assert.Equal(PolicySaveOutcome.Saved, saved.Outcome);
        var policy = saved.Policy!;
        Assert.Equal("2c53a13c-1765-11e8-82ef-23527761d060", policy.PolicyId);
        Assert.True(policy.Active);
        Assert.Equal(PolicyStore.VersionOf(DefaultBundle), policy.Version);
        Assert.Equal(6, policy.Bundle.Policies.Sum(p => p.Rules.Count));

        var second = store.Save(File.ReadAllText(TestPaths.Corpus("policies", "bundle-with-all-rules-2020-08-20.json")));
        Assert.Equal(PolicySaveOutcome.Saved, second.Outcome);
        Assert.False(second.Policy!.Active); // only the first upload activates itself
        Assert.Equal(policy.PolicyId, store.ActiveId());
        Assert.Equal(PolicySaveOutcome.Exists, store.Save(DefaultBundle).Outcome);
        Assert.Contains(store.List(), p => p.PolicyId == "pack:dod" && p.Source == PolicySources.BuiltIn);
        Assert.Contains(new EventLog(db).List("policy_update"), e => e.Subject == policy.PolicyId);
    }

    [Fact]
    public void ExactlyOneActiveBundleIncludingPacks()
    {
        using var db = StoreDatabase.Open(Spec);
        var store = new PolicyStore(db);
        var id = store.Save(DefaultBundle).Policy!.PolicyId;

        Assert.True(store.Activate("pack:dod"));
        Assert.Equal("pack:dod", store.Active()!.PolicyId);
        Assert.Single(store.List(), p => p.Active);
        Assert.False(store.Activate("pack:nope"));
        Assert.False(store.Activate("no-such-bundle"));
        Assert.Equal("pack:dod", store.ActiveId());

        Assert.Equal(PolicyDeleteOutcome.BuiltIn, store.Delete("pack:dod"));
        Assert.True(store.Activate(id));
        Assert.Equal(PolicyDeleteOutcome.Active, store.Delete(id));
        Assert.True(store.Activate("pack:cis-docker"));
        Assert.Equal(PolicyDeleteOutcome.Deleted, store.Delete(id));
        Assert.Equal(PolicyDeleteOutcome.NotFound, store.Delete(id));
        Assert.Null(store.Get(id));
    }

    [Fact]
    public void ReplaceChangesTheVersionAndKeepsTheId()
    {
        using var db = StoreDatabase.Open(Spec);
        var store = new PolicyStore(db);
        var first = store.Save(DefaultBundle).Policy!;
        var changed = DefaultBundle.Replace("\"value\": \"22\"", "\"value\": \"2222\"", StringComparison.Ordinal);
        Assert.NotEqual(DefaultBundle, changed);

        var replaced = store.Save(changed, first.PolicyId);
        Assert.Equal(PolicySaveOutcome.Saved, replaced.Outcome);
        Assert.NotEqual(first.Version, replaced.Policy!.Version);
        Assert.True(replaced.Policy.Active);
        Assert.Equal(PolicySaveOutcome.NotFound, store.Save(DefaultBundle.Replace("2c53a13c", "00000000", StringComparison.Ordinal), "00000000-1765-11e8-82ef-23527761d060").Outcome);
        Assert.Equal(PolicySaveOutcome.Invalid, store.Save(DefaultBundle, "another-id").Outcome);
    }

    [Fact]
    public void InvalidBundleIsRefusedWithEveryProblemAndItsPath()
    {
        using var db = StoreDatabase.Open(Spec);
        var store = new PolicyStore(db);
        const string yaml = """
            id: broken
            version: "1_0"
            policies:
              - id: p1
                rules:
                  - gate: no_such_gate
                    trigger: x
                    action: STOP
                  - gate: dockerfile
                    trigger: exposed_ports
                    action: STOP
                    params: []
            mappings: []
            """;
        var result = store.Save(yaml);
        Assert.Equal(PolicySaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Problems, p => p.Path == "$.policies[0].rules[0]" || p.Path.StartsWith("$.policies[0].rules[0].", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path.StartsWith("$.policies[0].rules[1]", StringComparison.Ordinal) && p.Message.Contains("ports", StringComparison.Ordinal));
        Assert.DoesNotContain(store.List(), p => p.Source == PolicySources.Upload);
        Assert.Null(store.ActiveId());
    }
}

public sealed class SqlitePolicyStoreTests : PolicyStoreTests
{
    protected override Task<string> CreateStoreAsync() => Task.FromResult("sqlite:" + Path.Combine(Dir, "tollgate.db"));
}

public sealed class PostgresPolicyStoreTests : PolicyStoreTests
{
    protected override Task<string> CreateStoreAsync() => PostgresServer.CreateDatabaseAsync();
}
