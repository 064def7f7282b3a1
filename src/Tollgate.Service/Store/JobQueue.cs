namespace Tollgate.Service.Store;

/// <summary>
/// The work queue: jobs are rows. A claim takes the oldest due job nobody holds (or whose holder's lease ran out —
/// a worker that died) and writes the claimant and a lease; PostgreSQL claims with FOR UPDATE SKIP LOCKED so several
/// processes never take the same row, SQLite's single writer gives the same guarantee. Finishing checks the lease is
/// still ours, so a worker that was presumed dead cannot overwrite the result of the one that took over.
/// </summary>
public sealed class JobQueue(StoreDatabase database)
{
    public static StoreSchema Schema { get; } = new("jobs",
    [
        """
        CREATE TABLE jobs(id {id}, kind TEXT NOT NULL, subject TEXT NOT NULL, payload TEXT, claimed_by TEXT, lease_until BIGINT,
            attempts INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0, not_before BIGINT NOT NULL, last_error TEXT,
            created_at BIGINT NOT NULL);
        CREATE INDEX jobs_due ON jobs(done, kind, not_before)
        """,
    ]);

    /// <summary>Queues a job inside the caller's transaction (so the job exists iff the caller's change committed).</summary>
    public static long Enqueue(StoreTransaction tx, string kind, string subject, string? payload = null, DateTimeOffset? notBefore = null)
    {
        var now = DateTimeOffset.UtcNow;
        return tx.ScalarLong("INSERT INTO jobs(kind, subject, payload, not_before, created_at) VALUES (@kind, @subject, @payload, @due, @now) RETURNING id",
            ("kind", kind), ("subject", subject), ("payload", payload), ("due", notBefore ?? now), ("now", now));
    }

    public long Enqueue(string kind, string subject, string? payload = null, DateTimeOffset? notBefore = null) =>
        database.Write(tx => Enqueue(tx, kind, subject, payload, notBefore));

    /// <summary>Claims the oldest due job of one of <paramref name="kinds"/>; null when there is none.</summary>
    public JobLease? Claim(string workerId, TimeSpan lease, params string[] kinds) => database.Write(tx =>
    {
        var now = DateTimeOffset.UtcNow;
        var kindList = string.Join(", ", kinds.Select((_, i) => $"@k{i}"));
        var parameters = kinds.Select((k, i) => ($"k{i}", (object?)k)).Append(("now", now)).ToArray();
        var job = tx.QueryFirst($"""
            SELECT id, kind, subject, payload, attempts FROM jobs
            WHERE done = 0 AND kind IN ({kindList}) AND not_before <= @now AND (claimed_by IS NULL OR lease_until < @now)
            ORDER BY id LIMIT 1 {"{skip_locked}"}
            """,
            r => new JobLease(r.Long(0), r.GetString(1), r.GetString(2), r.NullableString(3), workerId, now + lease, r.Int(4) + 1),
            parameters);
        if (job is not null)
        {
            tx.Execute("UPDATE jobs SET claimed_by = @w, lease_until = @until, attempts = @n WHERE id = @id",
                ("w", workerId), ("until", job.LeaseUntil), ("n", job.Attempts), ("id", job.JobId));
        }

        return job;
    });

    /// <summary>Marks the job done if <paramref name="job"/> still holds its lease; false when another worker took it over.</summary>
    public static bool Finish(StoreTransaction tx, JobLease job) =>
        tx.Execute("UPDATE jobs SET done = 1, lease_until = NULL WHERE id = @id AND claimed_by = @w AND done = 0", ("id", job.JobId), ("w", job.ClaimedBy)) > 0;

    /// <summary>Gives the job back for a later attempt (retry with backoff, or graceful shutdown) if we still hold it.</summary>
    public bool Release(JobLease job, DateTimeOffset notBefore, string? error) => database.Write(tx =>
        tx.Execute("UPDATE jobs SET claimed_by = NULL, lease_until = NULL, not_before = @due, last_error = @error WHERE id = @id AND claimed_by = @w AND done = 0",
            ("due", notBefore), ("error", error), ("id", job.JobId), ("w", job.ClaimedBy)) > 0);

    /// <summary>Extends the lease of a long job so it is not reclaimed while its worker is alive.</summary>
    public bool Renew(JobLease job, TimeSpan lease) => database.Write(tx =>
        tx.Execute("UPDATE jobs SET lease_until = @until WHERE id = @id AND claimed_by = @w AND done = 0",
            ("until", DateTimeOffset.UtcNow + lease), ("id", job.JobId), ("w", job.ClaimedBy)) > 0);

    public int Depth(string? kind = null) => database.Read(tx => (int)(kind is null
        ? tx.ScalarLong("SELECT COUNT(*) FROM jobs WHERE done = 0")
        : tx.ScalarLong("SELECT COUNT(*) FROM jobs WHERE done = 0 AND kind = @kind", ("kind", kind))));

    public static void DeleteFor(StoreTransaction tx, string kind, string subject) =>
        tx.Execute("DELETE FROM jobs WHERE kind = @kind AND subject = @subject", ("kind", kind), ("subject", subject));
}

/// <summary>A claimed unit of work of <paramref name="Kind"/> about <paramref name="Subject"/> (e.g. an image id).</summary>
public sealed record JobLease(long JobId, string Kind, string Subject, string? Payload, string ClaimedBy, DateTimeOffset LeaseUntil, int Attempts);
