using System.Text.Json.Serialization;
using Tollgate.Service.Store;

namespace Tollgate.Service.Api;

/// <summary>Body of POST /v1/images: a source reference the CLI understands (registry ref, docker-archive:…, oci-archive:…).</summary>
public sealed record SubmitImageRequest(string? Source, string? Tag);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SubmitImageRequest))]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(IReadOnlyList<ImageRecord>))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
