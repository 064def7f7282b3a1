using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Service.Admission.Review;

/// <summary>admission.k8s.io/v1 AdmissionReview: the API server sends <see cref="Request"/>, the webhook answers <see cref="Response"/>.</summary>
public sealed record AdmissionReview
{
    public const string V1 = "admission.k8s.io/v1";

    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public AdmissionRequest? Request { get; init; }
    public AdmissionResponse? Response { get; init; }

    public static AdmissionReview Answer(AdmissionResponse response) =>
        new() { ApiVersion = V1, Kind = "AdmissionReview", Response = response };
}

/// <summary>The object under review and who sends it; only the fields a webhook decides on are modelled.</summary>
public sealed record AdmissionRequest
{
    public string? Uid { get; init; }
    public GroupVersionKind? Kind { get; init; }
    public GroupVersionResource? Resource { get; init; }
    public string? SubResource { get; init; }
    public GroupVersionKind? RequestKind { get; init; }
    public string? Name { get; init; }
    public string? Namespace { get; init; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public string? Operation { get; init; }

    public UserInfo? UserInfo { get; init; }
    public JsonElement? Object { get; init; }
    public JsonElement? OldObject { get; init; }
    public bool? DryRun { get; init; }
}

public sealed record GroupVersionKind(string? Group, string? Version, string? Kind);

public sealed record GroupVersionResource(string? Group, string? Version, string? Resource);

public sealed record UserInfo
{
    public string? Username { get; init; }
    public string? Uid { get; init; }
    public IReadOnlyList<string>? Groups { get; init; }
}

/// <summary>
/// The answer. <see cref="Warnings"/> are printed by kubectl (allowed or not); <see cref="Result"/> carries the
/// denial message kubectl shows after "admission webhook … denied the request:".
/// </summary>
public sealed record AdmissionResponse
{
    public required string Uid { get; init; }
    public required bool Allowed { get; init; }

    [JsonPropertyName("status")]
    public AdmissionStatus? Result { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>Base64 of a JSONPatch document (mutating webhook only).</summary>
    public string? Patch { get; init; }

    public string? PatchType { get; init; }
    public IReadOnlyDictionary<string, string>? AuditAnnotations { get; init; }
}

/// <summary>A metav1.Status: Failure with 403 Forbidden for a policy denial, 400 for a request Tollgate cannot read.</summary>
public sealed record AdmissionStatus
{
    [JsonPropertyName("status")]
    public string? Outcome { get; init; }

    public int? Code { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
}
