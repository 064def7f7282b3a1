using Tollgate.Service.Store;

namespace Tollgate.Service.Feeds;

/// <summary>
/// The feed versions the deployment applied (one row per successful `db update` or import) and the outcome of each
/// queued update job. The newest version is what caches of matches and verdicts key on.
/// </summary>
public sealed class FeedStore(StoreDatabase database)
{
    public const string UpdateJob = "feed_update";

    public static StoreSchema Schema { get; } = new("feeds",
    [
        """
        CREATE TABLE feed_versions(id {id}, kind TEXT NOT NULL, sha256 TEXT NOT NULL, detail TEXT, job_id BIGINT, at BIGINT NOT NULL);
        CREATE TABLE feed_updates(job_id BIGINT PRIMARY KEY, state TEXT NOT NULL, error TEXT, version_id BIGINT, at BIGINT NOT NULL)
        """,
    ]);

    private const string Columns = "id, kind, sha256, at, detail, job_id";

    /// <summary>Queues an update (download or local import); its job id is the handle for <see cref="Status"/>.</summary>
    public long Queue(FeedUpdateRequest request) =>
        database.Write(tx => JobQueue.Enqueue(tx, UpdateJob, "feeds", System.Text.Json.JsonSerializer.Serialize(request, FeedsJsonContext.Default.FeedUpdateRequest)));

    /// <summary>Records a successful update inside the caller's transaction and returns the new version id.</summary>
    public static long Record(StoreTransaction tx, string kind, string sha256, string? detail, long jobId)
    {
        var at = DateTimeOffset.UtcNow;
        var id = tx.ScalarLong("INSERT INTO feed_versions(kind, sha256, detail, job_id, at) VALUES (@k, @s, @d, @j, @at) RETURNING id",
            ("k", kind), ("s", sha256), ("d", detail), ("j", jobId), ("at", at));
        tx.Execute("INSERT INTO feed_updates(job_id, state, version_id, at) VALUES (@j, 'applied', @v, @at)", ("j", jobId), ("v", id), ("at", at));
        return id;
    }

    /// <summary>Records a failed update job (the previous DB stays in place).</summary>
    public static void RecordFailure(StoreTransaction tx, long jobId, string error) =>
        tx.Execute("INSERT INTO feed_updates(job_id, state, error, at) VALUES (@j, 'failed', @e, @at)", ("j", jobId), ("e", error), ("at", DateTimeOffset.UtcNow));

    /// <summary>The newest applied version; null before the first update.</summary>
    public FeedVersion? Current() => database.Read(tx => tx.QueryFirst($"SELECT {Columns} FROM feed_versions ORDER BY id DESC LIMIT 1", Map));

    public IReadOnlyList<FeedVersion> Recent(int limit) =>
        database.Read(tx => tx.Query($"SELECT {Columns} FROM feed_versions ORDER BY id DESC LIMIT @n", Map, ("n", limit)));

    /// <summary>Outcome of a queued update job; "pending" until a worker finished it.</summary>
    public FeedUpdateStatus Status(long jobId) => database.Read(tx =>
    {
        var outcome = tx.QueryFirst("SELECT state, error, version_id FROM feed_updates WHERE job_id = @j",
            r => new { State = r.GetString(0), Error = r.NullableString(1), Version = r.IsDBNull(2) ? (long?)null : r.Long(2) }, ("j", jobId));
        var version = outcome?.Version is { } v ? tx.QueryFirst($"SELECT {Columns} FROM feed_versions WHERE id = @v", Map, ("v", v)) : null;
        return new FeedUpdateStatus(jobId, outcome?.State ?? "pending", outcome?.Error, version);
    });

    private static FeedVersion Map(System.Data.Common.DbDataReader r) =>
        new(r.Long(0), r.GetString(1), r.GetString(2), r.Time(3), r.NullableString(4), r.IsDBNull(5) ? null : r.Long(5));
}
