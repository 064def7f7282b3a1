using System.Text.Json.Serialization;

namespace Tollgate.Policy.Evaluator;

/// <summary>Source-generated serialization of the policy result model (snake_case, as Anchore's v2 findings).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Evaluation))]
[JsonSerializable(typeof(IReadOnlyList<ExpiringException>))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
