using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>Small helpers to read loosely typed feed JSON (and YAML, turned into the same JSON nodes).</summary>
public static class FeedJson
{
    public static JsonNode Parse(FeedFile file)
    {
        using var s = file.Open();
        return JsonNode.Parse(s, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip })
            ?? throw new FeedFormatException("empty JSON document");
    }

    /// <summary>Every YAML document of the file as JSON nodes; scalars stay strings (OSV versions like 1.10 must not become numbers).</summary>
    public static IEnumerable<JsonNode?> ParseYaml(FeedFile file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file.Open()))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => ToJson(d.RootNode));
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: null or "~" or "null" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    public static string? Str(this JsonNode? node, string name)
    {
        var v = node?[name];
        return v is JsonValue value ? value.ToString() : null;
    }

    public static JsonArray Arr(this JsonNode? node, string name) => node?[name] as JsonArray ?? [];

    public static IEnumerable<string> Strings(this JsonNode? node, string name) =>
        node.Arr(name).OfType<JsonValue>().Select(v => v.ToString()).Where(s => s.Length > 0);

    public static double? Num(this JsonNode? node, string name)
    {
        var v = node?[name] as JsonValue;
        if (v is null)
        {
            return null;
        }

        return v.TryGetValue<double>(out var d) ? d
            : double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : null;
    }

    /// <summary>A timestamp; Go's zero time ("0001-01-01T00:00:00Z", unset in the vulndb repo) is no time.</summary>
    public static DateTimeOffset? Time(this JsonNode? node, string name)
    {
        var s = node.Str(name);
        if (s is null || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) || t.Year <= 1)
        {
            return null;
        }

        return t;
    }
}
