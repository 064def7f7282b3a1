using System.Text.Json.Serialization;

namespace Tollgate.Service.Feeds;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeedUpdateRequest))]
[JsonSerializable(typeof(FeedUpdateStatus))]
[JsonSerializable(typeof(FeedVersion))]
[JsonSerializable(typeof(FeedsStatus))]
[JsonSerializable(typeof(MatchDiff))]
[JsonSerializable(typeof(IReadOnlyList<StoredMatch>))]
internal sealed partial class FeedsJsonContext : JsonSerializerContext;
