using System.Text.Json.Serialization;
using Tollgate.Images.Model;

namespace Tollgate.Cli.Output;

/// <summary>Source-generated JSON for the CLI's own outputs (camelCase, nulls kept so fields are always present).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ImageMetadata))]
[JsonSerializable(typeof(List<FileRow>))]
public sealed partial class CliJsonContext : JsonSerializerContext;
