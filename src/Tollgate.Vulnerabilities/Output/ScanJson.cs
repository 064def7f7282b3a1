using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Output;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScanResult))]
[JsonSerializable(typeof(VulnDbInfo))]
public sealed partial class ScanJsonContext : JsonSerializerContext;

/// <summary>Our own JSON: the <see cref="ScanResult"/> model as it is.</summary>
public static class ScanJson
{
    public static void Write(ScanResult result, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(result, ScanJsonContext.Default.ScanResult));

    public static void Write(VulnDbInfo info, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(info, ScanJsonContext.Default.VulnDbInfo));
}
