using System.Collections.Concurrent;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;

namespace Tollgate.Service.Admission.Backend;

/// <summary>
/// Makes a cached admission answer a memory lookup: the store reads made per image (which digest is stored with
/// which status, which bundle and feed versions are current) are kept in a snapshot that is dropped as soon as this
/// process writes to the store (<paramref name="changes"/> moves: a policy upload or allowlist edit, an activation, a
/// feed update, a finished analysis) and, for writes by other replicas or files replaced underneath, at least every
/// <paramref name="refresh"/>. Registry resolution, queuing and evaluation pass through (the verdict and tag caches
/// of <see cref="ImageCheck"/> keep those).
/// </summary>
public sealed class CachingBackend(IAdmissionBackend inner, Func<long> changes, TimeSpan refresh, TimeProvider clock) : IAdmissionBackend
{
    private Snapshot _snapshot = new(long.MinValue, DateTimeOffset.MinValue);

    /// <summary>How many snapshots were started (one per store change or refresh); for tests and the bench.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    private long _refreshes;

    public Task<ResolvedImage> ResolveAsync(ImageName image, CancellationToken cancellationToken) => inner.ResolveAsync(image, cancellationToken);

    public Task<StoredImage?> FindAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        var snapshot = Current();
        var key = image.PlatformDigest is null ? image.Digest : image.Digest + "|" + image.PlatformDigest;
        if (snapshot.Images.TryGetValue(key, out var known))
        {
            return Task.FromResult<StoredImage?>(known);
        }

        return Remember(snapshot, key, inner.FindAsync(image, cancellationToken));
    }

    public Task RequestAnalysisAsync(ImageName image, ResolvedImage resolved, CancellationToken cancellationToken) =>
        inner.RequestAnalysisAsync(image, resolved, cancellationToken);

    /// <summary>A missing bundle throws and is not remembered: the next request asks again.</summary>
    public AdmissionVersions Versions(string? bundleId) =>
        Current().Versions.GetOrAdd(bundleId ?? "", static (_, state) => state.inner.Versions(state.bundleId), (inner, bundleId));

    public Task<AdmissionVerdict> EvaluateAsync(ResolvedImage image, string tag, AdmissionVersions versions, CancellationToken cancellationToken) =>
        inner.EvaluateAsync(image, tag, versions, cancellationToken);

    public void Record(string level, string message) => inner.Record(level, message);

    /// <summary>
    /// Keeps what the store knows of an image. An image it does not know is asked again each time: another replica may
    /// queue its analysis any moment, and remembering "unknown" would queue it a second time here.
    /// </summary>
    private static async Task<StoredImage?> Remember(Snapshot snapshot, string key, Task<StoredImage?> lookup)
    {
        var found = await lookup;
        if (found is not null)
        {
            snapshot.Images.TryAdd(key, found);
        }

        return found;
    }

    /// <summary>The snapshot for the store as it is now: the same object until a write or the refresh time.</summary>
    private Snapshot Current()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var generation = changes();
        var now = clock.GetUtcNow();
        if (snapshot.Generation == generation && now < snapshot.Until)
        {
            return snapshot;
        }

        // The generation is read before the store is, so anything read into the new snapshot is at least this fresh;
        // a write racing with it bumps the generation again and the next request starts over.
        var fresh = new Snapshot(generation, now + refresh);
        Interlocked.Increment(ref _refreshes);
        return Interlocked.CompareExchange(ref _snapshot, fresh, snapshot) == snapshot ? fresh : Volatile.Read(ref _snapshot);
    }

    private sealed record Snapshot(long Generation, DateTimeOffset Until)
    {
        public ConcurrentDictionary<string, StoredImage> Images { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, AdmissionVersions> Versions { get; } = new(StringComparer.Ordinal);
    }
}
