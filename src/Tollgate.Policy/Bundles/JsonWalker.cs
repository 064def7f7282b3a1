using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Policy.Bundles;

/// <summary>
/// Reads a JSON tree leniently while recording every problem with its JSON path, so one pass reports all of them.
/// Scalars are accepted where Anchore wants strings (YAML gives numbers and booleans); the wrong shape is an error.
/// </summary>
internal sealed class JsonWalker
{
    public List<BundleProblem> Problems { get; } = [];

    public void Error(string path, string message) => Problems.Add(new BundleProblem(path, message));

    public JsonObject? Object(JsonNode? node, string path)
    {
        if (node is JsonObject o)
        {
            return o;
        }

        Error(path, node is null ? "expected an object, found null" : $"expected an object, found {Kind(node)}");
        return null;
    }

    public string? String(JsonObject o, string key, string path, bool required = false)
    {
        if (!o.TryGetPropertyValue(key, out var node) || node is null)
        {
            if (required)
            {
                Error(path + "." + key, "is required");
            }

            return null;
        }

        if (node is JsonValue v && Scalar(v) is { } s)
        {
            return s;
        }

        Error(path + "." + key, $"expected a string, found {Kind(node)}");
        return null;
    }

    /// <summary>Each object of an array key, with its path; a missing key is fine unless required.</summary>
    public IEnumerable<(JsonObject Item, string Path)> Objects(JsonObject o, string key, string path, bool required = false)
    {
        foreach (var (node, itemPath) in Items(o, key, path, required))
        {
            if (Object(node, itemPath) is { } item)
            {
                yield return (item, itemPath);
            }
        }
    }

    public List<string> Strings(JsonObject o, string key, string path)
    {
        var list = new List<string>();
        foreach (var (node, itemPath) in Items(o, key, path, required: false))
        {
            if (node is JsonValue v && Scalar(v) is { } s)
            {
                list.Add(s);
            }
            else
            {
                Error(itemPath, $"expected a string, found {Kind(node)}");
            }
        }

        return list;
    }

    public int? Integer(JsonObject o, string key, string path)
    {
        var s = String(o, key, path);
        if (s is null)
        {
            return null;
        }

        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0)
        {
            return i;
        }

        Error(path + "." + key, $"'{s}' is not a non-negative integer");
        return null;
    }

    /// <summary>Keys of <paramref name="o"/> that are not in <paramref name="known"/>, kept verbatim.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> Extra(JsonObject o, params string[] known)
    {
        var extra = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (k, v) in o)
        {
            if (!known.Contains(k, StringComparer.Ordinal))
            {
                extra[k] = v?.DeepClone();
            }
        }

        return extra;
    }

    private IEnumerable<(JsonNode? Node, string Path)> Items(JsonObject o, string key, string path, bool required)
    {
        var keyPath = path + "." + key;
        if (!o.TryGetPropertyValue(key, out var node) || node is null)
        {
            if (required)
            {
                Error(keyPath, "is required");
            }

            yield break;
        }

        if (node is not JsonArray array)
        {
            Error(keyPath, $"expected an array, found {Kind(node)}");
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            yield return (array[i], $"{keyPath}[{i}]");
        }
    }

    private static string? Scalar(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString().ToLowerInvariant(),
        _ => null,
    };

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a string",
        },
        _ => "a value",
    };
}
