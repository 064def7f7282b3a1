namespace Tollgate.Service;

/// <summary>How `tollgate serve` runs: where it stores, how long a worker's claim on a job lasts.</summary>
public sealed record ServiceOptions
{
    /// <summary>sqlite:PATH (default tollgate.db in the working directory) or postgres://user:password@host:port/db.</summary>
    public string Store { get; init; } = "sqlite:tollgate.db";

    /// <summary>A job whose worker died is reclaimed after this long.</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>False for an API-only process (the Helm chart runs API and workers as separate deployments).</summary>
    public bool RunWorkers { get; init; } = true;

    /// <summary>The Kubernetes admission webhook (/v1/admission/*): rules, TLS, bundles.</summary>
    public Admission.AdmissionOptions Admission { get; init; } = new();
}
