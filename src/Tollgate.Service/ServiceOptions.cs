namespace Tollgate.Service;

/// <summary>How `tollgate serve` runs: where it stores, which parts run in this process, how workers hold and give back jobs.</summary>
public sealed record ServiceOptions
{
    /// <summary>The <see cref="LogFormat"/> that writes one JSON object per line.</summary>
    public const string JsonLogs = "json";

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

    /// <summary>Where uploads are spooled and the generated secret key is kept (default: beside a SQLite store, else ./tollgate-data).</summary>
    public string? DataDir { get; init; }

    /// <summary>The vulnerability database checks and vulnerability listings read (the CLI's --db; default $TOLLGATE_DB, else the user's data folder).</summary>
    public string? VulnDbPath { get; init; }

    /// <summary>Largest archive or SBOM upload accepted; uploads stream to disk, never into memory.</summary>
    public long MaxUploadBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>File holding the key that encrypts registry credentials at rest (else TOLLGATE_SECRET_KEY, else generated once in the data dir).</summary>
    public string? SecretKeyFile { get; init; }

    /// <summary>The data dir as used: <see cref="DataDir"/>, else beside the SQLite file, else ./tollgate-data.</summary>
    public string ResolvedDataDir => Path.GetFullPath(DataDir
        ?? (Store.StartsWith("sqlite:", StringComparison.Ordinal) ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Store["sqlite:".Length..]))!, "tollgate-data") : "tollgate-data"));

    /// <summary>Scheduled feed updates and scheduled feed updates.</summary>
    public Feeds.FeedOptions Feeds { get; init; } = new();

    /// <summary>Webhook delivery, tag polling and the outbound allowlist.</summary>
    public Notifications.NotificationOptions Notifications { get; init; } = new();

    /// <summary>text (default) or json: one JSON object per log line for log shippers. Defaults to $TOLLGATE_LOG_FORMAT
    /// so a container can switch without a command-line change.</summary>
    public string LogFormat { get; init; } = Environment.GetEnvironmentVariable("TOLLGATE_LOG_FORMAT") ?? "text";

    /// <summary>The Kubernetes admission webhook (/v1/admission/*): rules, TLS, bundles.</summary>
    public Admission.AdmissionOptions Admission { get; init; } = new();

    /// <summary>
    /// The operator allowed API clients to name server-local sources (docker-archive:, oci-archive:, oci-dir:, dir:,
    /// sbom: paths) with --allow-local-sources. Off by default: a ci key must not make the service read its own files.
    /// </summary>
    public bool AllowLocalSources { get; init; }

    /// <summary>--allow-local-sources DIR: local sources are allowed only when they resolve (symlinks followed) inside DIR.</summary>
    public string? LocalSourcesDir { get; init; }
}
