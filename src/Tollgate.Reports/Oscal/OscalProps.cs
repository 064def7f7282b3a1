using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Reports.Oscal;

/// <summary>Tollgate's OSCAL props: names in our namespace, values on one line (OSCAL strings forbid edge whitespace).</summary>
internal static partial class OscalProps
{
    public const string Namespace = "https://tollgate.dev/ns/oscal";

    /// <summary>Writes "props" with every pair that has a value; nothing when none has.</summary>
    public static void Write(Utf8JsonWriter w, IEnumerable<(string Name, string? Value)> props)
    {
        var present = props.Select(p => (p.Name, Value: Clean(p.Value))).Where(p => p.Value.Length > 0).ToList();
        if (present.Count == 0)
        {
            return;
        }

        w.WriteStartArray("props");
        foreach (var (name, value) in present)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("ns", Namespace);
            w.WriteString("value", value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>An OSCAL token (NCName) from free text such as a rule id "dod/3".</summary>
    public static string Token(string text)
    {
        var token = NonToken().Replace(text, "-");
        return token.Length > 0 && (char.IsLetter(token[0]) || token[0] == '_') ? token : "_" + token;
    }

    private static string Clean(string? value) => value is null ? "" : Whitespace().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[^\p{L}\p{N}._-]")]
    private static partial Regex NonToken();
}
