using System.Text.Json.Serialization;
using Tollgate.Service.Checks;
using Tollgate.Service.Policies;

namespace Tollgate.Service.Http;

/// <summary>Source-generated serialization of the API's own response bodies (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InputProblem))]
[JsonSerializable(typeof(List<InputProblem>))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(List<PolicyResponse>))]
[JsonSerializable(typeof(PolicyValidation))]
[JsonSerializable(typeof(CheckRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
