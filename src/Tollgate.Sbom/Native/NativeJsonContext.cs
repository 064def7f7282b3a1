using System.Text.Json.Serialization;
using Tollgate.Analysis.Model;

namespace Tollgate.Sbom.Native;

/// <summary>Source-generated serializer for the native format: camelCase, nulls omitted, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(ImageAnalysis))]
internal sealed partial class NativeJsonContext : JsonSerializerContext;
