using Tollgate.Service.Store;
using Tollgate.Service.Workers;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    private string DbPath => Path.Combine(_dir, "tollgate.db");

    [Fact]
    public void CreatesVersionedSchemaOnStart()
    {
        using (new SqliteStore(DbPath))
        {
        }

        Assert.Equal(SqliteStore.SchemaVersion, SqliteStore.ReadSchemaVersion(DbPath));
        using var again = new SqliteStore(DbPath); // reopening an existing file migrates nothing and keeps data
        Assert.Empty(again.ListImages());
    }

    [Fact]
    public void JobIsClaimedOnceAndReclaimedAfterLeaseExpires()
    {
        using var store = new SqliteStore(DbPath);
        var image = store.AddImage("docker-archive:/nowhere.tar", "x:1");
        Assert.Equal(ImageStatus.NotAnalyzed, image.Status);

        var first = store.ClaimJob("a", TimeSpan.FromMilliseconds(200));
        Assert.NotNull(first);
        Assert.Null(store.ClaimJob("b", TimeSpan.FromMinutes(1))); // held by a
        Assert.Equal(ImageStatus.Analyzing, store.GetImage(image.Id)!.Status);

        Thread.Sleep(400); // a "dies": its lease runs out
        var second = store.ClaimJob("b", TimeSpan.FromMinutes(1));
        Assert.NotNull(second);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(2, second.Attempts);

        Assert.False(store.CompleteJob(first, "sha256:x", "{}")); // a's late result is refused
        Assert.True(store.CompleteJob(second, "sha256:y", "{}"));
        Assert.Equal("sha256:y", store.GetImage(image.Id)!.Digest);
        Assert.Equal(0, store.QueueDepth());
    }

    [Fact]
    public void ConcurrentClaimersEachGetDistinctJobs()
    {
        using var store = new SqliteStore(DbPath);
        for (var i = 0; i < 40; i++)
        {
            store.AddImage($"src{i}", null);
        }

        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 8, w =>
        {
            using var own = new SqliteStore(DbPath); // separate connections, as separate processes would have
            while (own.ClaimJob($"w{w}", TimeSpan.FromMinutes(1)) is { } job)
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
        using var store = new SqliteStore(DbPath);
        var image = store.AddImage("docker-archive:" + archive, "alpine:test");

        Assert.True(await AnalysisRunner.RunOneAsync(store, "w", TimeSpan.FromMinutes(5), CancellationToken.None));

        var done = store.GetImage(image.Id)!;
        Assert.Equal(ImageStatus.Analyzed, done.Status);
        Assert.StartsWith("sha256:", done.Digest);
        Assert.Contains("\"apk\"", store.GetAnalysisJson(done.Digest!));
        Assert.Single(store.ListEvents("analysis_update"));
    }

    [Fact]
    public async Task BrokenArchiveEndsAnalysisFailedWithReason()
    {
        var bad = Path.Combine(_dir, "broken.tar");
        await File.WriteAllTextAsync(bad, "not a tar");
        using var store = new SqliteStore(DbPath);
        var image = store.AddImage("docker-archive:" + bad, null);

        await AnalysisRunner.RunOneAsync(store, "w", TimeSpan.FromMinutes(5), CancellationToken.None);

        var failed = store.GetImage(image.Id)!;
        Assert.Equal(ImageStatus.Failed, failed.Status);
        Assert.False(string.IsNullOrWhiteSpace(failed.FailureReason));
        Assert.Equal("error", store.ListEvents("analysis_update").Single().Level);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
