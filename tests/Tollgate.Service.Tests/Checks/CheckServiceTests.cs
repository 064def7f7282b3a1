using Tollgate.Service.Checks;
using Tollgate.Service.Policies;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Policies;
using Tollgate.Service.Tests.Support;
using Tollgate.Service.Workers;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests.Checks;

/// <summary>CheckService over the real alpine test image analysed by the worker, on both engines.</summary>
public abstract class CheckServiceTests : EngineTests
{
    private const string Tag = "docker.io/library/alpine:3.20.3";

    [Fact]
    public async Task CachedPerImageTagBundleAndDbVersionAndInvalidatedByEachChange()
    {
        using var db = StoreDatabase.Open(Spec);
        var (images, policies) = (new ImageStore(db), new PolicyStore(db));
        var image = images.Add("docker-archive:" + TestPaths.RequireTestData("alpine", "docker-archive.tar"), Tag);
        Assert.True(await new AnalysisRunner(images, new JobQueue(db), new EventLog(db)).RunOneAsync("w", TimeSpan.FromMinutes(5), CancellationToken.None));
        var digest = images.Get(image.Id)!.Digest!;
        var options = new ServiceOptions { VulnDbPath = Path.Combine(Dir, "vulns.db") };
        var checks = new CheckService(images, policies, new AnalysisCache(images, new VulnDbSource(options)));

        var noPolicy = Assert.Throws<CheckUnavailableException>(() => checks.Evaluate(digest));
        Assert.Equal(CheckProblem.NoActivePolicy, noPolicy.Problem);
        var policyId = policies.Save(PolicyStoreTests.DefaultBundle).Policy!.PolicyId;

        var first = checks.Evaluate(digest);
        Assert.False(first.Cached);
        Assert.Equal(digest, first.ImageDigest);
        Assert.Equal(policyId, first.PolicyId);
        Assert.Equal(VulnDbSource.NoDatabase, first.DbVersion);
        Assert.Equal(Tag, first.Evaluation.Tag); // the submitted tag is the default
        // The default bundle on alpine: no HEALTHCHECK and no vulnerability data are WARNs, nothing STOPs.
        Assert.Equal("WARN", first.Evaluation.FinalAction);
        Assert.Contains(first.Evaluation.Findings, f => f.Gate == "dockerfile" && f.Trigger == "instruction");
        Assert.Contains(first.Evaluation.Findings, f => f.Trigger == "vulnerability_data_unavailable");

        var again = checks.Evaluate(image.Id);
        Assert.True(again.Cached);
        Assert.Same(first.Evaluation, again.Evaluation);
        Assert.False(checks.Evaluate(digest, tag: "registry.example/other/alpine:1").Cached); // another tag, another mapping input

        // A new bundle version (same id) misses the cache.
        Assert.Equal(PolicySaveOutcome.Saved, policies.Save(PolicyStoreTests.DefaultBundle.Replace("\"HEALTHCHECK\"", "\"USER\"", StringComparison.Ordinal), policyId).Outcome);
        var changed = checks.Evaluate(digest);
        Assert.False(changed.Cached);
        Assert.NotEqual(first.BundleVersion, changed.BundleVersion);

        // A vulnerability DB appearing (a feed import) misses the cache and feeds the vulnerability gates.
        await CorpusVulnDb.ImportAsync(options.VulnDbPath!, "vulns/alpine-secdb");
        var withDb = checks.Evaluate(digest);
        Assert.False(withDb.Cached);
        Assert.NotEqual(VulnDbSource.NoDatabase, withDb.DbVersion);
        Assert.True(checks.Evaluate(digest).Cached);

        // Another bundle by id, and the active one switched to a pack.
        Assert.True(policies.Activate("pack:dod"));
        var dod = checks.Evaluate(digest);
        Assert.Equal("pack:dod", dod.PolicyId);
        Assert.False(dod.Cached);
        Assert.Equal(policyId, checks.Evaluate(digest, policyId).PolicyId);

        Assert.Equal(CheckProblem.ImageNotFound, Assert.Throws<CheckUnavailableException>(() => checks.Evaluate("sha256:0000")).Problem);
        Assert.Equal(CheckProblem.PolicyNotFound, Assert.Throws<CheckUnavailableException>(() => checks.Evaluate(digest, "no-such-policy")).Problem);
        var pending = images.Add("docker-archive:/nowhere.tar", null);
        Assert.Equal(CheckProblem.ImageNotAnalyzed, Assert.Throws<CheckUnavailableException>(() => checks.Evaluate(pending.Id)).Problem);
    }
}

public sealed class SqliteCheckServiceTests : CheckServiceTests
{
    protected override Task<string> CreateStoreAsync() => Task.FromResult("sqlite:" + Path.Combine(Dir, "tollgate.db"));
}

public sealed class PostgresCheckServiceTests : CheckServiceTests
{
    protected override Task<string> CreateStoreAsync() => PostgresServer.CreateDatabaseAsync();
}
