using System.Text.Json;
using Json.Schema;

namespace Tollgate.TestSupport;

/// <summary>Validates JSON documents against official schemas (the oracle for every JSON output format).</summary>
public static class JsonSchemaValidator
{
    /// <summary>
    /// Returns the validation errors (empty when valid). <paramref name="referenced"/> are schemas the main one
    /// $refs (e.g. CycloneDX's spdx.schema.json); they are registered under their own $id.
    /// </summary>
    public static IReadOnlyList<string> Validate(string schemaPath, string json, params string[] referenced)
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var path in referenced)
        {
            JsonSchema.FromText(File.ReadAllText(path), options);
        }

        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath), options);
        using var doc = JsonDocument.Parse(json);
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid (no detail)")
            .ToList();
    }
}
