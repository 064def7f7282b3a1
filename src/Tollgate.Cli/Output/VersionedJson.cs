using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Cli.Output;

/// <summary>
/// Our own JSON outputs carry their schema version as the first member, so scripts can check what they parse
/// (docs/reports.md describes each version). Bump on any change that is not purely additive.
/// </summary>
public static class VersionedJson
{
    public const string CheckVersion = "1.0";
    public const string ScanVersion = "1.0";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The document with <paramref name="versionMember"/> = <paramref name="version"/> put first.</summary>
    public static string Write(JsonNode document, string versionMember, string version)
    {
        var stamped = new JsonObject { [versionMember] = version };
        foreach (var (name, value) in document.AsObject().ToList())
        {
            document.AsObject().Remove(name);
            stamped[name] = value;
        }

        return stamped.ToJsonString(Indented);
    }
}
