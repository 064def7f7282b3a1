namespace Tollgate.Service.Store;

/// <summary>
/// Images and their stored analyses. Adding an image queues its analysis job in the same transaction, so an accepted
/// image is never without work to do. The analysis is kept as native JSON (the SBOM), so later feed updates re-match
/// it without pulling the image again.
/// </summary>
public sealed class ImageStore(StoreDatabase database)
{
    public const string AnalyzeJob = "analyze";

    public static StoreSchema Schema { get; } = new("images",
    [
        """
        CREATE TABLE images(id TEXT PRIMARY KEY, source TEXT NOT NULL, digest TEXT, tag TEXT, status TEXT NOT NULL,
            failure_reason TEXT, analysis TEXT, created_at BIGINT NOT NULL, analyzed_at BIGINT);
        CREATE INDEX images_digest ON images(digest)
        """,
        // Files kept at analysis time for retrieved_files / passwd_file rules (JSON object: path → text); null before this version.
        "ALTER TABLE images ADD COLUMN retrieved_files TEXT",
    ]);

    private const string Columns = "id, source, digest, tag, status, failure_reason, created_at, analyzed_at";

    /// <summary>Records an image as not_analyzed and queues its analysis job in one transaction.</summary>
    public ImageRecord Add(string source, string? tag)
    {
        var record = new ImageRecord(Guid.NewGuid().ToString("n"), source, null, tag, ImageStatus.NotAnalyzed, null, DateTimeOffset.UtcNow, null);
        database.Write(tx =>
        {
            tx.Execute("INSERT INTO images(id, source, tag, status, created_at) VALUES (@id, @source, @tag, @status, @at)",
                ("id", record.Id), ("source", source), ("tag", tag), ("status", record.Status), ("at", record.CreatedAt));
            JobQueue.Enqueue(tx, AnalyzeJob, record.Id, source);
        });
        return record;
    }

    /// <summary>By id or digest (the newest analysis of that digest).</summary>
    public ImageRecord? Get(string idOrDigest) => database.Read(tx =>
        tx.QueryFirst($"SELECT {Columns} FROM images WHERE id = @id OR digest = @id ORDER BY created_at DESC LIMIT 1", Map, ("id", idOrDigest)));

    public IReadOnlyList<ImageRecord> List() => database.Read(tx => tx.Query($"SELECT {Columns} FROM images ORDER BY created_at", Map));

    public bool Delete(string idOrDigest) => database.Write(tx =>
    {
        foreach (var id in tx.Query("SELECT id FROM images WHERE id = @id OR digest = @id", r => r.GetString(0), ("id", idOrDigest)))
        {
            JobQueue.DeleteFor(tx, AnalyzeJob, id);
        }

        return tx.Execute("DELETE FROM images WHERE id = @id OR digest = @id", ("id", idOrDigest)) > 0;
    });

    /// <summary>The stored native-JSON analysis, null until analysed.</summary>
    public string? GetAnalysisJson(string idOrDigest) => database.Read(tx =>
        tx.Scalar("SELECT analysis FROM images WHERE (id = @id OR digest = @id) AND analysis IS NOT NULL ORDER BY created_at DESC LIMIT 1", ("id", idOrDigest)) as string);

    /// <summary>The files kept with the analysis (path → text); empty for an SBOM upload or an analysis from before files were kept.</summary>
    public IReadOnlyDictionary<string, string> GetRetrievedFiles(string idOrDigest) => RetrievedFilesJson.Read(database.Read(tx =>
        tx.Scalar("SELECT retrieved_files FROM images WHERE (id = @id OR digest = @id) AND analysis IS NOT NULL ORDER BY created_at DESC LIMIT 1", ("id", idOrDigest)) as string));

    /// <summary>Every analysed image (id, digest): what a feed update re-matches.</summary>
    public IReadOnlyList<(string Id, string Digest)> ListAnalyzed() => database.Read(tx =>
        tx.Query("SELECT id, digest FROM images WHERE status = @s ORDER BY created_at", r => (r.GetString(0), r.GetString(1)), ("s", ImageStatus.Analyzed)));

    public void MarkAnalyzing(string id) => database.Write(tx =>
        tx.Execute("UPDATE images SET status = @s WHERE id = @id AND status <> @done", ("s", ImageStatus.Analyzing), ("id", id), ("done", ImageStatus.Analyzed)));

    /// <summary>Back to not_analyzed before its job is handed back to the queue, if <paramref name="job"/> still holds the job.</summary>
    public void MarkQueued(JobLease job) => database.Write(tx =>
        tx.Execute("""
            UPDATE images SET status = @s WHERE id = @id AND status = @analyzing
                AND EXISTS (SELECT 1 FROM jobs WHERE id = @job AND claimed_by = @w AND done = 0)
            """,
            ("s", ImageStatus.NotAnalyzed), ("id", job.Subject), ("analyzing", ImageStatus.Analyzing), ("job", job.JobId), ("w", job.ClaimedBy)));

    /// <summary>Stores the analysis (and the files kept with it) and finishes the job, if <paramref name="job"/> still holds its lease.</summary>
    public bool Complete(JobLease job, string digest, string analysisJson, IReadOnlyDictionary<string, string>? retrievedFiles = null) => database.Write(tx =>
        JobQueue.Finish(tx, job)
        && tx.Execute("UPDATE images SET status = @s, digest = @d, analysis = @a, retrieved_files = @f, failure_reason = NULL, analyzed_at = @at WHERE id = @id",
            ("s", ImageStatus.Analyzed), ("d", digest), ("a", analysisJson), ("f", RetrievedFilesJson.Write(retrievedFiles ?? new Dictionary<string, string>())),
            ("at", DateTimeOffset.UtcNow), ("id", job.Subject)) > 0);

    /// <summary>Marks the image analysis_failed with <paramref name="reason"/> and finishes the job.</summary>
    public bool Fail(JobLease job, string reason) => database.Write(tx =>
        JobQueue.Finish(tx, job)
        && tx.Execute("UPDATE images SET status = @s, failure_reason = @r WHERE id = @id", ("s", ImageStatus.Failed), ("r", reason), ("id", job.Subject)) > 0);

    private static ImageRecord Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.NullableString(2), r.NullableString(3), r.GetString(4), r.NullableString(5), r.Time(6), r.NullableTime(7));
}
