using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Catalogers.Language.JavaScriptVendored;

/// <summary>One library's detection signatures from the retire.js repository, compiled.</summary>
public sealed record RetireComponent(string Name, string NpmName, IReadOnlyList<Regex> FileNames, IReadOnlyList<Regex> FileContents, IReadOnlyDictionary<string, string> Sha1ToVersion);

/// <summary>
/// Reads the embedded retire.js repository (jsrepository-v5.json, Apache-2.0, see NOTICE.md). "§§version§§" in its
/// patterns stands for a version; it becomes the same version pattern retire.js uses.
/// </summary>
public static class RetireRepository
{
    private const string VersionPattern = @"[0-9][0-9.a-z_\-]+";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly Lazy<IReadOnlyList<RetireComponent>> Loaded = new(Load);

    public static IReadOnlyList<RetireComponent> Components => Loaded.Value;

    private static IReadOnlyList<RetireComponent> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tollgate.Analysis.Catalogers.Language.JavaScriptVendored.jsrepository-v5.json")
            ?? throw new InvalidOperationException("embedded resource jsrepository-v5.json is missing");
        using var doc = JsonDocument.Parse(stream);
        var components = new List<RetireComponent>();
        foreach (var component in doc.RootElement.EnumerateObject())
        {
            if (component.Name == "retire-example" || !component.Value.TryGetProperty("extractors", out var extractors))
            {
                continue;
            }

            var npm = component.Value.TryGetProperty("npmname", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : component.Name;
            var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (extractors.TryGetProperty("hashes", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var pair in h.EnumerateObject())
                {
                    hashes[pair.Name] = pair.Value.GetString() ?? "";
                }
            }

            components.Add(new RetireComponent(component.Name, npm, Patterns(extractors, "filename", fileName: true), Patterns(extractors, "filecontent", fileName: false), hashes));
        }

        return components;
    }

    // File name patterns match the whole name with the shortest version, so "jquery-1.12.4.min.js" gives "1.12.4"
    // rather than "1.12.4.min".
    private static List<Regex> Patterns(JsonElement extractors, string kind, bool fileName)
    {
        var list = new List<Regex>();
        if (!extractors.TryGetProperty(kind, out var patterns))
        {
            return list;
        }

        foreach (var pattern in patterns.EnumerateArray())
        {
            try
            {
                var regex = pattern.GetString()!.Replace("§§version§§", fileName ? VersionPattern + "?" : VersionPattern, StringComparison.Ordinal);
                list.Add(new Regex(fileName ? "^(?:" + regex + ")$" : regex, RegexOptions.CultureInvariant, Timeout));
            }
            catch (ArgumentException)
            {
                // A JavaScript-only regex construct .NET does not read: that one signature is skipped.
            }
        }

        return list;
    }
}
