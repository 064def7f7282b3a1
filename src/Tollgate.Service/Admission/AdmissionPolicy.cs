namespace Tollgate.Service.Admission;

/// <summary>What an image must satisfy to be admitted (Anchore's admission controller modes).</summary>
public enum AdmissionMode
{
    /// <summary>Analysed, and the bundle's final action is not STOP (WARN admits, with warnings).</summary>
    Policy,

    /// <summary>Analysed by Tollgate; the verdict is not consulted.</summary>
    Analysis,

    /// <summary>Always admitted; the admission is logged as an event.</summary>
    Breakglass,
}

/// <summary>On an internal error (registry down, store error, timeout): Kubernetes' names, Fail = deny, Ignore = admit.</summary>
public enum FailurePolicy
{
    Fail,
    Ignore,
}

/// <summary>What a selector's regexes look at.</summary>
public enum SelectorTarget
{
    /// <summary>The object's labels, then its annotations; key regex "name" matches the object's name.</summary>
    Resource,

    /// <summary>The namespace's labels; key regex "name" matches the namespace's name.</summary>
    Namespace,

    /// <summary>The image reference as written in the spec (value regex only).</summary>
    Image,
}

/// <summary>
/// One selector: when its regexes match, the image is checked in <see cref="Mode"/> against <see cref="BundleId"/>
/// (null: the active bundle). Regexes are anchored (the whole key/value must match), unlike Anchore's.
/// </summary>
public sealed record PolicySelector
{
    public SelectorTarget ResourceType { get; set; } = SelectorTarget.Image;
    public string KeyRegex { get; set; } = ".*";
    public string ValueRegex { get; set; } = ".*";
    public AdmissionMode Mode { get; set; } = AdmissionMode.Policy;
    public string? BundleId { get; set; }

    /// <summary>Overrides <see cref="AdmissionPolicy.FailurePolicy"/> for images this selector picks.</summary>
    public FailurePolicy? FailurePolicy { get; set; }
}

/// <summary>
/// The admission rules (hot-reloaded from the config file when it changes). Selectors are tried in order per
/// image; the first match decides. No match (or no selectors) means <see cref="DefaultMode"/> against the active bundle.
/// Setters, not init: the source-generated reader would reset the defaults of absent keys to null/0.
/// </summary>
public sealed record AdmissionPolicy
{
    /// <summary>Namespaces never checked (always admitted). Exclude Tollgate's own namespace, or it cannot restart itself.</summary>
    public IReadOnlyList<string> ExcludedNamespaces { get; set; } = [];

    public IReadOnlyList<PolicySelector> Selectors { get; set; } = [];

    public AdmissionMode DefaultMode { get; set; } = AdmissionMode.Policy;

    /// <summary>Bundle for <see cref="DefaultMode"/>; null: the active bundle.</summary>
    public string? DefaultBundleId { get; set; }

    /// <summary>Admit an image whose analysis is queued or running (else it is denied until analysed).</summary>
    public bool AdmitWhilePending { get; set; }

    /// <summary>Queue an analysis of an image Tollgate has never seen (pinned to the digest it resolved to).</summary>
    public bool RequestAnalysis { get; set; } = true;

    /// <summary>Null: Fail (deny) in policy and analysis mode.</summary>
    public FailurePolicy? FailurePolicy { get; set; }

    /// <summary>On UPDATE, check only images that are not already in the old object (a label change is not blocked by a new CVE).</summary>
    public bool CheckUnchangedImagesOnUpdate { get; set; }

    /// <summary>The mutate endpoint rewrites tags to the digests they resolved to (off: it admits without a patch).</summary>
    public bool Mutate { get; set; }

    /// <summary>How long a tag → digest resolution is reused (a moved tag is noticed after this); a digest reference is never resolved.</summary>
    public int TagCacheSeconds { get; set; } = 30;

    /// <summary>The whole review's budget; keep it under the webhook's timeoutSeconds.</summary>
    public int TimeoutMilliseconds { get; set; } = 8000;

    /// <summary>Labels of namespaces for namespace selectors, when they are not read from the Kubernetes API.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; set; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Where a developer reads the full result; "{digest}" and "{bundle}" are replaced.</summary>
    public string? DetailsUrl { get; set; }

    public int MaxWarnings { get; set; } = 20;

    public FailurePolicy FailurePolicyFor(AdmissionMode mode, PolicySelector? selector) =>
        selector?.FailurePolicy ?? FailurePolicy ?? (mode == AdmissionMode.Breakglass ? Admission.FailurePolicy.Ignore : Admission.FailurePolicy.Fail);
}
