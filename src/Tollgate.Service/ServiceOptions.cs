namespace Tollgate.Service;

/// <summary>How `tollgate serve` runs: where it stores, which parts run in this process, how workers hold and give back jobs.</summary>
public sealed record ServiceOptions
{
    /// <summary>sqlite:PATH (default tollgate.db in the working directory) or postgres://user:password@host:port/db.</summary>
    public string Store { get; init; } = "sqlite:tollgate.db";

    /// <summary>A job whose worker died is reclaimed after this long (live workers renew it every third of it).</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>False for an API-only process (the Helm chart runs API and workers as separate deployments).</summary>
    public bool RunWorkers { get; init; } = true;

    /// <summary>False for a worker-only process: only /health and /ready are served.</summary>
    public bool RunApi { get; init; } = true;

    /// <summary>Jobs run at once in this process.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>On shutdown, in-flight jobs get this long to finish; the rest are released back to the queue.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The operator allowed /metrics without a key (--anonymous-metrics); otherwise it needs the read role.</summary>
    public bool AnonymousMetrics { get; init; }
}
