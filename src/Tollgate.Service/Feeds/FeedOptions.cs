namespace Tollgate.Service.Feeds;

/// <summary>How often the service (whose DB is ServiceOptions.VulnDbPath) it runs `db update` on its own.</summary>
public sealed record FeedOptions
{
    /// <summary>Scheduled `db update` every this long; null turns the schedule off (tests, air-gapped sites).</summary>
    public TimeSpan? UpdateInterval { get; init; }

    /// <summary>`--source NAME=URL` overrides for scheduled updates (empty: the CLI's default public feeds).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
}
