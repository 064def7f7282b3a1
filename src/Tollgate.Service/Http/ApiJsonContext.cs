using System.Text.Json.Serialization;
using Tollgate.Service.Checks;
using Tollgate.Service.Images;
using Tollgate.Service.Policies;
using Tollgate.Service.Registries;

namespace Tollgate.Service.Http;

/// <summary>Source-generated serialization of the API's own response bodies (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InputProblem))]
[JsonSerializable(typeof(List<InputProblem>))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(List<PolicyResponse>))]
[JsonSerializable(typeof(PolicyValidation))]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(ContentResponse))]
[JsonSerializable(typeof(List<PackageContent>))]
[JsonSerializable(typeof(List<FileContent>))]
[JsonSerializable(typeof(List<SecretContent>))]
[JsonSerializable(typeof(MetadataContent[]))]
[JsonSerializable(typeof(DockerfileContent[]))]
[JsonSerializable(typeof(VulnerabilityResponse))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(RegistryRequest))]
[JsonSerializable(typeof(RegistryRecord))]
[JsonSerializable(typeof(IReadOnlyList<RegistryRecord>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
