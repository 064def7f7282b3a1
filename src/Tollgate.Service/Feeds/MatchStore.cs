using Tollgate.Service.Store;

namespace Tollgate.Service.Feeds;

/// <summary>
/// Each analysed image's current vulnerability matches and last policy verdict, so the next feed update can tell
/// what changed (vuln_update) and whether the verdict flipped (policy_eval). An image without a state row has never
/// been matched: its first run is a baseline, not a change.
/// </summary>
public sealed class MatchStore(StoreDatabase database)
{
    public const string RematchJob = "rematch";

    public static StoreSchema Schema { get; } = new("matches",
    [
        """
        CREATE TABLE image_matches(image_id TEXT NOT NULL, vuln_id TEXT NOT NULL, package_id TEXT NOT NULL, package_name TEXT NOT NULL,
            package_version TEXT NOT NULL, package_type TEXT NOT NULL, severity TEXT NOT NULL, fix_state TEXT NOT NULL,
            fixed_in TEXT NOT NULL, namespace TEXT NOT NULL, PRIMARY KEY(image_id, vuln_id, package_id));
        CREATE TABLE image_match_state(image_id TEXT PRIMARY KEY, feed_version BIGINT NOT NULL, verdict TEXT, matched_at BIGINT NOT NULL)
        """,
    ]);

    /// <summary>The stored matches of an image; null when it was never matched.</summary>
    public static IReadOnlyList<StoredMatch>? Load(StoreTransaction tx, string imageId)
    {
        if (tx.ScalarLong("SELECT COUNT(*) FROM image_match_state WHERE image_id = @i", ("i", imageId)) == 0)
        {
            return null;
        }

        return tx.Query(
            "SELECT vuln_id, package_id, package_name, package_version, package_type, severity, fix_state, fixed_in, namespace FROM image_matches WHERE image_id = @i ORDER BY vuln_id, package_id",
            r => new StoredMatch(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)),
            ("i", imageId));
    }

    public IReadOnlyList<StoredMatch>? Load(string imageId) => database.Read(tx => Load(tx, imageId));

    /// <summary>Replaces the image's match set with <paramref name="matches"/>, made against feed version <paramref name="feedVersion"/>.</summary>
    public static void Replace(StoreTransaction tx, string imageId, IEnumerable<StoredMatch> matches, long feedVersion)
    {
        tx.Execute("DELETE FROM image_matches WHERE image_id = @i", ("i", imageId));
        foreach (var m in matches)
        {
            tx.Execute(
                "INSERT INTO image_matches(image_id, vuln_id, package_id, package_name, package_version, package_type, severity, fix_state, fixed_in, namespace) VALUES (@i, @v, @p, @n, @ver, @t, @s, @f, @fi, @ns)",
                ("i", imageId), ("v", m.VulnerabilityId), ("p", m.PackageId), ("n", m.PackageName), ("ver", m.PackageVersion), ("t", m.PackageType),
                ("s", m.Severity), ("f", m.FixState), ("fi", m.FixedIn), ("ns", m.Namespace));
        }

        if (tx.Execute("UPDATE image_match_state SET feed_version = @f, matched_at = @at WHERE image_id = @i", ("f", feedVersion), ("at", DateTimeOffset.UtcNow), ("i", imageId)) == 0)
        {
            tx.Execute("INSERT INTO image_match_state(image_id, feed_version, matched_at) VALUES (@i, @f, @at)", ("i", imageId), ("f", feedVersion), ("at", DateTimeOffset.UtcNow));
        }
    }

    /// <summary>The last verdict recorded for the image (null: never evaluated).</summary>
    public static string? Verdict(StoreTransaction tx, string imageId) =>
        tx.Scalar("SELECT verdict FROM image_match_state WHERE image_id = @i", ("i", imageId)) as string;

    public static void SetVerdict(StoreTransaction tx, string imageId, string verdict) =>
        tx.Execute("UPDATE image_match_state SET verdict = @v WHERE image_id = @i", ("v", verdict), ("i", imageId));

    /// <summary>Forgets a deleted image's matches.</summary>
    public static void Forget(StoreTransaction tx, string imageId)
    {
        tx.Execute("DELETE FROM image_matches WHERE image_id = @i", ("i", imageId));
        tx.Execute("DELETE FROM image_match_state WHERE image_id = @i", ("i", imageId));
    }
}
