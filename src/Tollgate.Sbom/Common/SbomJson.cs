using System.Text.Json;

namespace Tollgate.Sbom.Common;

/// <summary>A problem with an SBOM document: names the file, the JSON path where known, and the problem.</summary>
public sealed class SbomFormatException(string file, string problem) : FormatException($"{file}: {problem}");

/// <summary>Small, strict helpers for reading SBOM JSON with errors that name the file and path.</summary>
public static class SbomJson
{
    /// <summary>SBOMs above this size are refused rather than parsed into memory.</summary>
    public const long MaxDocumentBytes = 512L * 1024 * 1024;

    public static JsonDocument Parse(Stream input, string fileName)
    {
        if (input.CanSeek && input.Length > MaxDocumentBytes)
        {
            throw new SbomFormatException(fileName, $"document is {input.Length} bytes, over the {MaxDocumentBytes} byte limit");
        }

        try
        {
            return JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            throw new SbomFormatException(fileName, $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}: {e.Message}");
        }
    }

    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static string RequiredString(JsonElement e, string name, string fileName, string path = "$") =>
        String(e, name) ?? throw new SbomFormatException(fileName, $"required field '{path}.{name}' is missing or not a string");

    public static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];
}
