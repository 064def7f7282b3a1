using System.Text.Json.Nodes;

namespace Tollgate.Service.Store;

/// <summary>How an analysis's retrieved files are stored: one JSON object, path → file text.</summary>
public static class RetrievedFilesJson
{
    public static string Write(IReadOnlyDictionary<string, string> files)
    {
        var json = new JsonObject();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            json[path] = text;
        }

        return json.ToJsonString();
    }

    public static IReadOnlyDictionary<string, string> Read(string? json) =>
        json is null
            ? new Dictionary<string, string>()
            : JsonNode.Parse(json)!.AsObject().ToDictionary(f => f.Key, f => f.Value!.GetValue<string>(), StringComparer.Ordinal);
}
