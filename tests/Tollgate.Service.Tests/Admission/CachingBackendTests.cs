using Tollgate.Service.Admission;
using Tollgate.Service.Admission.Backend;
using Tollgate.Service.Checks;
using Tollgate.Service.Policies;
using Tollgate.Service.Store;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Admission;

/// <summary>
/// The webhook's in-memory view of the store, over a real SQLite store shared with a second connection pool playing
/// another replica: while the view is fresh a lookup reads nothing (the other replica's changes are not seen yet),
/// the refresh interval brings them in, and a write by this process is seen at once.
/// </summary>
public sealed class CachingBackendTests : IDisposable
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _dir = TestPaths.NewTempDir();

    [Fact]
    public async Task ALookupReadsNoStoreUntilThisProcessWritesOrTheRefreshIsDue()
    {
        var spec = "sqlite:" + Path.Combine(_dir, "store.db");
        using var database = StoreDatabase.Open(spec);
        using var replica = StoreDatabase.Open(spec);
        var images = new ImageStore(database);
        var policies = new PolicyStore(database);
        var analyses = new AnalysisCache(images, new VulnDbSource(new ServiceOptions { VulnDbPath = Path.Combine(_dir, "no.db") }));
        var checks = new CheckService(images, policies, analyses);
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var backend = new CachingBackend(new StoreAdmissionBackend(images, new EventLog(database), new AdmissionOptions(), analyses, policies, checks),
            () => database.Generation, TimeSpan.FromSeconds(1), clock);

        images.Add("registry:example.invalid/app:1", "example.invalid/app:1");
        images.Complete(new JobQueue(database).Claim("worker", TimeSpan.FromMinutes(1), ImageStore.AnalyzeJob)!, Digest, "{}");
        Assert.True(policies.Activate("pack:default"));
        var image = new ResolvedImage(Digest);
        Assert.Equal(ImageStatus.Analyzed, (await backend.FindAsync(image, CancellationToken.None))?.Status);
        Assert.Equal("pack:default", backend.Versions(null).BundleId);
        var refreshes = backend.Refreshes;

        // Another replica deletes the image and activates another bundle: the fresh view answers without a read.
        Assert.True(new ImageStore(replica).Delete(Digest));
        Assert.True(new PolicyStore(replica).Activate("pack:dod"));
        Assert.NotNull(await backend.FindAsync(image, CancellationToken.None));
        Assert.Equal("pack:default", backend.Versions(null).BundleId);
        Assert.Equal(refreshes, backend.Refreshes);

        // The refresh interval brings the other replica's changes in.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await backend.FindAsync(image, CancellationToken.None));
        Assert.Equal("pack:dod", backend.Versions(null).BundleId);

        // A write by this process is seen by the next lookup, long before the timer.
        Assert.True(policies.Activate("pack:default"));
        Assert.Equal("pack:default", backend.Versions(null).BundleId);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
