namespace Tollgate.Service.Feeds;

/// <summary>Where the service keeps its vulnerability DB and how often it runs `db update` on its own.</summary>
public sealed record FeedOptions
{
    /// <summary>The vulnerability DB file (shared by every process of one deployment); default: as the CLI resolves it.</summary>
    public string? VulnDbPath { get; init; }

    /// <summary>Scheduled `db update` every this long; null turns the schedule off (tests, air-gapped sites).</summary>
    public TimeSpan? UpdateInterval { get; init; }

    /// <summary>`--source NAME=URL` overrides for scheduled updates (empty: the CLI's default public feeds).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
}
