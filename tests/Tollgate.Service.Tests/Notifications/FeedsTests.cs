using Tollgate.Service.Feeds;
using Tollgate.Service.Notifications;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>Feed updates re-match stored analyses (no pull) and keep the per-image diff; run on both engines.</summary>
public abstract class FeedsTests : EngineTests
{
    [Fact]
    public async Task EachFeedUpdateRematchesStoredAnalysesAndPublishesTheDiff()
    {
        var archive = TestPaths.RequireTestData("alpine", "docker-archive.tar");
        using var h = new NotifyHarness(Spec, Dir);
        var (feeds, matches, events) = (h.Get<FeedStore>(), h.Get<MatchStore>(), h.Get<EventLog>());

        var first = await h.ImportFeedAsync(AlpineFeeds.Baseline(Dir));
        Assert.Equal("applied", first.State);
        var image = h.Get<ImageStore>().Add("docker-archive:" + archive, "alpine:3.20.3");
        await h.RunJobsAsync(); // analysis, then its baseline match run
        Assert.Empty(matches.Load(image.Id)!);

        // A feed that adds a CVE for the image's busybox: the stored analysis is re-matched, the match is "added".
        var second = await h.ImportFeedAsync(AlpineFeeds.WithBusyboxFix(Dir, "1.36.1-r30"));
        Assert.True(second.Version!.Id > first.Version!.Id);
        Assert.NotEqual(first.Version.Sha256, second.Version.Sha256);
        var added = matches.Load(image.Id)!;
        Assert.Contains(added, m => m is { VulnerabilityId: AlpineFeeds.AddedCve, PackageName: "busybox", PackageVersion: "1.36.1-r29", FixedIn: "1.36.1-r30" });
        Assert.All(added, m => Assert.Equal(AlpineFeeds.AddedCve, m.VulnerabilityId));
        var update = Assert.Single(events.List(NotificationTypes.VulnUpdate));
        Assert.Equal(image.Id, update.Subject);
        Assert.Contains($"{added.Count} added, 0 removed, 0 updated", update.Message);

        // The fix moves to a later release: same matches, "updated"; then the record goes: "removed".
        await h.ImportFeedAsync(AlpineFeeds.WithBusyboxFix(Dir, "1.36.1-r31"));
        Assert.All(matches.Load(image.Id)!, m => Assert.Equal("1.36.1-r31", m.FixedIn));
        Assert.Contains($"0 added, 0 removed, {added.Count} updated", events.List(NotificationTypes.VulnUpdate)[1].Message);
        await h.ImportFeedAsync(AlpineFeeds.Baseline(Dir));
        Assert.Empty(matches.Load(image.Id)!);
        Assert.Contains($"0 added, {added.Count} removed, 0 updated", events.List(NotificationTypes.VulnUpdate)[2].Message);
        Assert.Equal(4, feeds.Recent(10).Count);
    }

    [Fact]
    public async Task AnImportWithNothingReadableFailsAndKeepsTheCurrentVersion()
    {
        using var h = new NotifyHarness(Spec, Dir);
        var good = await h.ImportFeedAsync(AlpineFeeds.Baseline(Dir));
        var junk = Directory.CreateDirectory(Path.Combine(Dir, "junk")).FullName;
        await File.WriteAllTextAsync(Path.Combine(junk, "notes.txt"), "not an advisory");

        var failed = await h.ImportFeedAsync(junk);

        Assert.Equal("failed", failed.State);
        Assert.Contains("notes.txt", failed.Error);
        Assert.Equal(good.Version!.Id, h.Get<FeedStore>().Current()!.Id);
        Assert.Equal("error", h.Get<EventLog>().List("feed_update").Last().Level);
    }

    [Fact]
    public void ScheduledUpdateIsQueuedOncePerIntervalAcrossProcesses()
    {
        // Two harnesses = two processes on one store, each with its own scheduler.
        using var a = new NotifyHarness(Spec, Dir, o => o with { Feeds = o.Feeds with { UpdateInterval = TimeSpan.FromHours(1) } });
        using var b = new NotifyHarness(Spec, Dir, o => o with { Feeds = o.Feeds with { UpdateInterval = TimeSpan.FromHours(1) } });
        var schedulers = new[] { a, b }.Select(h => h.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<PeriodicScheduler>().Single()).ToList();

        Parallel.For(0, 10, i => schedulers[i % 2].Tick());

        Assert.Equal(1, a.Get<JobQueue>().Depth(FeedStore.UpdateJob));
    }
}

/// <summary>The diff a vuln_update carries.</summary>
public sealed class MatchDiffTests
{
    [Fact]
    public void DiffSeparatesAddedRemovedAndUpdated()
    {
        StoredMatch M(string id, string pkg, string severity = "High", string fix = "fixed", string fixedIn = "1.1") =>
            new(id, pkg, pkg, "1.0", "apk", severity, fix, fixedIn, "alpine:3.20");
        var before = new[] { M("CVE-1", "a"), M("CVE-2", "b"), M("CVE-3", "c"), M("CVE-4", "d") };
        var after = new[] { M("CVE-1", "a"), M("CVE-2", "b", severity: "Critical"), M("CVE-3", "c", fix: "not-fixed", fixedIn: ""), M("CVE-5", "e") };

        var diff = MatchDiff.Compute(before, after);

        Assert.Equal("CVE-5", Assert.Single(diff.Added).VulnerabilityId);
        Assert.Equal("CVE-4", Assert.Single(diff.Removed).VulnerabilityId);
        Assert.Equal(["CVE-2", "CVE-3"], diff.Updated.Select(u => u.Current.VulnerabilityId));
        Assert.Equal("High", diff.Updated[0].Previous.Severity);
        Assert.True(MatchDiff.Compute(before, before).IsEmpty);
    }
}

public sealed class SqliteFeedsTests : FeedsTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresFeedsTests : FeedsTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
