using System.Text.Json.Serialization;

namespace Tollgate.Service.Admission.Review;

/// <summary>Kubernetes' JSON spelling: camelCase, nulls left out, enums as their (case-insensitive) names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(AdmissionPolicy))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
