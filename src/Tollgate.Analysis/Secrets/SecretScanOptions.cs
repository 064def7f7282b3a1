namespace Tollgate.Analysis.Secrets;

/// <summary>Secret scanning settings (part of <see cref="AnalyzeOptions"/>).</summary>
public sealed record SecretScanOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// A rules file: JSON (<c>{"rules":[…], "disable":["id"], "anchore":["NAME=regex"]}</c>) or plain text with one
    /// Anchore-style <c>NAME=regex</c> per line ('#' starts a comment).
    /// </summary>
    public string? RulesFile { get; init; }

    /// <summary>Extra rules in Anchore's <c>NAME=regex</c> form (analyzer_config.yaml secret_search).</summary>
    public IReadOnlyList<string> AnchoreRules { get; init; } = [];

    public IReadOnlyList<SecretRule> AdditionalRules { get; init; } = [];

    /// <summary>Rule ids to switch off.</summary>
    public IReadOnlyList<string> DisabledRules { get; init; } = [];

    /// <summary>Extra path regexes whose files are never reported.</summary>
    public IReadOnlyList<string> PathAllowlist { get; init; } = [];

    /// <summary>Bytes of each text file scanned (the first N; files are kept up to <see cref="SecretsStep.KeptBytes"/>).</summary>
    public int MaxFileBytes { get; init; } = SecretsStep.KeptBytes;

    /// <summary>
    /// Also scan files an OS package owns under /usr (not /usr/local): off by default, because they are the distribution's
    /// own content, the same in every image that installs the package (trivy skips /usr/share|include|lib outright).
    /// Files under /etc, /root, /home, /opt, /app, /usr/local … are always scanned, owned or not.
    /// </summary>
    public bool ScanOsPackageFiles { get; init; }

    /// <summary>Also scan env, labels and history created_by.</summary>
    public bool ScanConfig { get; init; } = true;
}
