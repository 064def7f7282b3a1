using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.Service.Workers;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests;

/// <summary>
/// The store contract, run on both engines (SQLite file; real PostgreSQL on 127.0.0.1). Engine-specific fixtures are
/// the subclasses below; every test here must pass on both.
/// </summary>
public abstract class StoreTests : EngineTests
{
    [Fact]
    public void MigratesEveryAreaOnceAndKeepsDataOnReopen()
    {
        using (var first = StoreDatabase.Open(Spec))
        {
            new ImageStore(first).Add("docker-archive:/nowhere.tar", null);
            Assert.Equal(StoreSchemas.All.ToDictionary(s => s.Area, s => s.Migrations.Count), first.SchemaVersions());
        }

        using var again = StoreDatabase.Open(Spec); // reopening migrates nothing and keeps data
        Assert.Single(new ImageStore(again).List());
    }

    [Fact]
    public void RefusesASchemaNewerThanThisBuild()
    {
        using (StoreDatabase.Open(Spec))
        {
        }

        var newer = new StoreSchema("images", [.. ImageStore.Schema.Migrations]);
        using var db = StoreDatabase.Open(Spec, [newer]);
        db.Write(tx => tx.Execute("INSERT INTO schema_migrations(area, version, applied_at) VALUES ('images', 99, 0)"));
        var error = Assert.Throws<InvalidOperationException>(() => StoreDatabase.Open(Spec));
        Assert.Contains("area images is at schema version 99", error.Message);
    }

    [Fact]
    public void JobIsClaimedOnceAndReclaimedAfterLeaseExpires()
    {
        using var db = StoreDatabase.Open(Spec);
        var (images, queue) = (new ImageStore(db), new JobQueue(db));
        var image = images.Add("docker-archive:/nowhere.tar", "x:1");
        Assert.Equal(ImageStatus.NotAnalyzed, image.Status);

        var first = queue.Claim("a", TimeSpan.FromMilliseconds(300), ImageStore.AnalyzeJob);
        Assert.NotNull(first);
        Assert.Null(queue.Claim("b", TimeSpan.FromMinutes(1), ImageStore.AnalyzeJob)); // held by a

        Thread.Sleep(600); // a "dies": its lease runs out
        var second = queue.Claim("b", TimeSpan.FromMinutes(1), ImageStore.AnalyzeJob);
        Assert.NotNull(second);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(2, second.Attempts);

        Assert.False(images.Complete(first, "sha256:x", "{}")); // a's late result is refused
        Assert.True(images.Complete(second, "sha256:y", "{}"));
        Assert.Equal("sha256:y", images.Get(image.Id)!.Digest);
        Assert.Equal(0, queue.Depth());
    }

    [Fact]
    public void ReleasedJobWaitsForItsDueTime()
    {
        using var db = StoreDatabase.Open(Spec);
        var queue = new JobQueue(db);
        queue.Enqueue("deliver", "hook-1", "{}");
        var job = queue.Claim("a", TimeSpan.FromMinutes(1), "deliver")!;
        Assert.True(queue.Release(job, DateTimeOffset.UtcNow.AddMilliseconds(500), "HTTP 503"));
        Assert.Null(queue.Claim("b", TimeSpan.FromMinutes(1), "deliver")); // backoff not over yet
        Assert.Null(queue.Claim("b", TimeSpan.FromMinutes(1), ImageStore.AnalyzeJob)); // other kinds are not mixed in
        Thread.Sleep(700);
        Assert.Equal(job.JobId, queue.Claim("b", TimeSpan.FromMinutes(1), "deliver")!.JobId);
    }

    [Fact]
    public void ConcurrentClaimersEachGetDistinctJobs()
    {
        using (var db = StoreDatabase.Open(Spec))
        {
            var images = new ImageStore(db);
            for (var i = 0; i < 40; i++)
            {
                images.Add($"src{i}", null);
            }
        }

        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 8, w =>
        {
            using var own = StoreDatabase.Open(Spec); // separate connection pools, as separate processes would have
            var queue = new JobQueue(own);
            while (queue.Claim($"w{w}", TimeSpan.FromMinutes(1), ImageStore.AnalyzeJob) is { } job)
            {
                claimed.Add(job.JobId);
            }
        });

        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
    }

    [Fact]
    public async Task WorkerAnalyzesRealImageThroughCliPipeline()
    {
        var archive = TestPaths.RequireTestData("alpine", "docker-archive.tar");
        using var db = StoreDatabase.Open(Spec);
        var (images, events) = (new ImageStore(db), new EventLog(db));
        var image = images.Add("docker-archive:" + archive, "alpine:test");

        Assert.True(await new AnalysisRunner(images, new JobQueue(db), events).RunOneAsync("w", TimeSpan.FromMinutes(5), CancellationToken.None));

        var done = images.Get(image.Id)!;
        Assert.Equal(ImageStatus.Analyzed, done.Status);
        Assert.StartsWith("sha256:", done.Digest);
        Assert.Contains("\"apk\"", images.GetAnalysisJson(done.Digest!));
        Assert.Equal(image.Id, Assert.Single(events.List("analysis_update")).Subject);
    }

    [Fact]
    public async Task BrokenArchiveEndsAnalysisFailedWithReason()
    {
        var bad = Path.Combine(Dir, "broken.tar");
        await File.WriteAllTextAsync(bad, "not a tar");
        using var db = StoreDatabase.Open(Spec);
        var (images, events) = (new ImageStore(db), new EventLog(db));
        var image = images.Add("docker-archive:" + bad, null);

        await new AnalysisRunner(images, new JobQueue(db), events).RunOneAsync("w", TimeSpan.FromMinutes(5), CancellationToken.None);

        var failed = images.Get(image.Id)!;
        Assert.Equal(ImageStatus.Failed, failed.Status);
        Assert.False(string.IsNullOrWhiteSpace(failed.FailureReason));
        Assert.Equal("error", events.List("analysis_update").Single().Level);
        Assert.Empty(events.List(level: "info"));
    }
}

public sealed class SqliteStoreTests : StoreTests
{
    protected override Task<string> CreateStoreAsync() => Task.FromResult("sqlite:" + Path.Combine(Dir, "tollgate.db"));
}

public sealed class PostgresStoreTests : StoreTests
{
    protected override Task<string> CreateStoreAsync() => PostgresServer.CreateDatabaseAsync();
}
