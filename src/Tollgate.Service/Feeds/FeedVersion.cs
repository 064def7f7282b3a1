namespace Tollgate.Service.Feeds;

/// <summary>
/// One applied feed update: a store-wide increasing <paramref name="Id"/> and the SHA-256 of the DB file it produced.
/// Caches of matches or verdicts key on it: a new id means the vulnerability data changed.
/// </summary>
public sealed record FeedVersion(long Id, string Kind, string Sha256, DateTimeOffset At, string? Detail, long? JobId);

/// <summary>What POST /v1/feeds/update asks for: a download of <paramref name="Sources"/> (NAME=URL, empty: the defaults) or, for air-gapped sites, an import of a local <paramref name="Path"/>.</summary>
public sealed record FeedUpdateRequest(IReadOnlyList<string>? Sources, string? Path);

/// <summary>State of one queued feed update job, for GET /v1/feeds/updates/{id}.</summary>
public sealed record FeedUpdateStatus(long JobId, string State, string? Error, FeedVersion? Version);

/// <summary>GET /v1/feeds: the current feed version (what caches key on), the DB's sources and recent updates.</summary>
public sealed record FeedsStatus(FeedVersion? Current, Vulnerabilities.Model.VulnDbInfo? Database, IReadOnlyList<FeedVersion> Recent);
