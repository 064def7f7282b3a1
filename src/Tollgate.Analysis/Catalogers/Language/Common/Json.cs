using System.Text.Json;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>Lenient JSON reading for package metadata files (comments and trailing commas occur in the wild).</summary>
public static class Json
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>Parses a whole document; the content request bounded its size, so this is bounded memory.</summary>
    public static JsonDocument Parse(Stream stream) => JsonDocument.Parse(stream, Options);

    public static string? Str(this JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static JsonElement? Obj(this JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    public static JsonElement? Arr(this JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Array
            ? v
            : null;

    public static bool Flag(this JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>Properties of a child object, or none.</summary>
    public static IEnumerable<JsonProperty> Props(this JsonElement e, string property) =>
        e.Obj(property) is { } o ? o.EnumerateObject() : [];
}
