namespace Tollgate.Service.Feeds;

/// <summary>How often the service runs `db update` on its own (the DB file is <see cref="ServiceOptions.VulnDbPath"/>).</summary>
public sealed record FeedOptions
{
    /// <summary>Scheduled `db update` every this long; null turns the schedule off (tests, air-gapped sites).</summary>
    public TimeSpan? UpdateInterval { get; init; }

    /// <summary>`--source NAME=URL` overrides for scheduled updates (empty: the CLI's default public feeds).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
}
