namespace Tollgate.Service;

/// <summary>How `tollgate serve` runs: where it stores, how long a worker's claim on a job lasts.</summary>
public sealed record ServiceOptions
{
    /// <summary>The <see cref="LogFormat"/> that writes one JSON object per line.</summary>
    public const string JsonLogs = "json";

    /// <summary>sqlite:PATH (default tollgate.db in the working directory).</summary>
    public string Store { get; init; } = "sqlite:tollgate.db";

    /// <summary>A job whose worker died is reclaimed after this long.</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The vulnerability database file; null means the CLI's default ($TOLLGATE_DB, else the user's data folder).</summary>
    public string? VulnDb { get; init; }

    /// <summary>text (default) or json: one JSON object per log line for log shippers. Defaults to $TOLLGATE_LOG_FORMAT
    /// so a container can switch without a command-line change.</summary>
    public string LogFormat { get; init; } = Environment.GetEnvironmentVariable("TOLLGATE_LOG_FORMAT") ?? "text";
}
