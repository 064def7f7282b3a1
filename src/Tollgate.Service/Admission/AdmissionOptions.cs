namespace Tollgate.Service.Admission;

/// <summary>How the admission webhook is served and what its backend reads; set once at start.</summary>
public sealed record AdmissionOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>JSON or YAML <see cref="AdmissionPolicy"/>, re-read when it changes; null: <see cref="Policy"/>.</summary>
    public string? ConfigFile { get; init; }

    public AdmissionPolicy Policy { get; init; } = new();

    /// <summary>PEM certificate (chain) and key for HTTPS listeners; both re-read when either file changes.</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>When set, callers must send `Authorization: Bearer` with this file's content (the API server's kubeconfig token).</summary>
    public string? TokenFile { get; init; }

    /// <summary>
    /// Policy bundles the backend evaluates (files or pack:NAME), until the service's policies store holds them:
    /// the first is the active one, the others are addressable by their bundle id.
    /// </summary>
    public IReadOnlyList<string> Bundles { get; init; } = [];

    /// <summary>Vulnerability DB for policy evaluation (default $TOLLGATE_DB); replaced files are noticed.</summary>
    public string? VulnDb { get; init; }

    /// <summary>
    /// Every registry may be reached over plain HTTP for tag → digest resolution (tests); a served webhook uses the
    /// operator's --insecure-registry hosts instead, the same the analysis worker pulls with.
    /// </summary>
    public bool InsecureRegistries { get; init; }

    /// <summary>The platform whose manifest is looked up when a tag names a multi-platform index.</summary>
    public string Platform { get; init; } = "linux/amd64";

    /// <summary>
    /// How often watched files (config, bundles, DB, certificate) are checked for changes, and how long the webhook's
    /// in-memory view of the store (bundle and feed versions, stored images) is trusted without a write by this process:
    /// changes made by other replicas are seen within this interval.
    /// </summary>
    public TimeSpan ReloadCheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}
