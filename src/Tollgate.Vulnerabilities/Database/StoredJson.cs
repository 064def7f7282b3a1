using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>Small JSON columns (interval lists, string lists), source-generated.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(List<VersionInterval>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;

internal static class StoredJson
{
    public static string? Intervals(IReadOnlyList<VersionInterval> ranges) =>
        ranges.Count == 0 ? null : JsonSerializer.Serialize(ranges.ToList(), StoredJsonContext.Default.ListVersionInterval);

    public static List<VersionInterval> Intervals(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, StoredJsonContext.Default.ListVersionInterval) ?? [];

    public static string? Strings(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : JsonSerializer.Serialize(values.ToList(), StoredJsonContext.Default.ListString);

    public static List<string> Strings(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, StoredJsonContext.Default.ListString) ?? [];
}
