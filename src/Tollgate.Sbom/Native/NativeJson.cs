using System.Text.Json;
using Tollgate.Analysis.Model;

namespace Tollgate.Sbom.Native;

/// <summary>
/// Tollgate's own JSON: the whole <see cref="ImageAnalysis"/>, losslessly (read back, it writes the same bytes).
/// Versioned by <see cref="ImageAnalysis.SchemaVersion"/>: a reader accepts its own major version only, so an
/// incompatible file fails with a clear message instead of being half-read.
/// </summary>
public static class NativeJson
{
    public const string FormatName = "json";

    public static void Write(ImageAnalysis analysis, Stream output) =>
        JsonSerializer.Serialize(output, analysis, NativeJsonContext.Default.ImageAnalysis);

    public static void Write(ImageAnalysis analysis, TextWriter output) =>
        output.Write(JsonSerializer.Serialize(analysis, NativeJsonContext.Default.ImageAnalysis));

    /// <summary>True for a JSON object that is a native analysis (has schemaVersion and image).</summary>
    public static bool Looks(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out _) && root.TryGetProperty("image", out _);

    /// <summary>Reads a native document; <paramref name="sourceName"/> names it in errors.</summary>
    public static ImageAnalysis Read(Stream input, string sourceName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(input);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName}: not JSON ({e.Message})", e);
        }

        using (doc)
        {
            return Read(doc.RootElement, sourceName);
        }
    }

    public static ImageAnalysis Read(JsonElement root, string sourceName)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{sourceName}: not a Tollgate analysis (expected a JSON object)");
        }

        var version = root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (version is null || Major(version) != Major(ImageAnalysis.CurrentSchemaVersion))
        {
            throw new InvalidDataException(
                $"{sourceName}: schemaVersion '{version ?? "(missing)"}' is not supported (this build reads {Major(ImageAnalysis.CurrentSchemaVersion)}.x)");
        }

        try
        {
            return root.Deserialize(NativeJsonContext.Default.ImageAnalysis)
                ?? throw new InvalidDataException($"{sourceName}: empty analysis");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName}: {e.Message}", e);
        }
    }

    private static string Major(string version) => version.Split('.')[0];
}
