using Tollgate.Vulnerabilities.Database;

namespace Tollgate.Service.Admission.Backend;

/// <summary>
/// The vulnerability DB verdicts are evaluated against. `db update` swaps the file atomically, so a changed file
/// (target, size or time) is a new feed version: every cached verdict of the old one becomes stale.
/// </summary>
public sealed class FeedSource
{
    public const string NoFeed = "none";

    private readonly WatchedFiles<FeedSnapshot>? _db;

    public FeedSource(string? path, TimeSpan checkInterval)
    {
        if (!string.IsNullOrEmpty(path))
        {
            _db = new WatchedFiles<FeedSnapshot>([path], () =>
            {
                if (!File.Exists(path))
                {
                    return new FeedSnapshot(null, NoFeed);
                }

                using var db = VulnDb.Open(path);
                var info = db.Info();
                return new FeedSnapshot(path, $"{info.BuiltAt:O}#{Guid.NewGuid():n}");
            }, checkInterval);
        }
    }

    /// <summary>The DB path (null when there is none) and its version.</summary>
    public FeedSnapshot Current => _db?.Current ?? new FeedSnapshot(null, NoFeed);
}

/// <summary>A DB file as last seen; the version is unique per load, so a rebuilt DB is never mistaken for the old one.</summary>
public sealed record FeedSnapshot(string? Path, string Version);
