namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>META-INF/MANIFEST.MF main section: "Key: value" lines, a leading space continues the previous line.</summary>
public static class ManifestParser
{
    public static IReadOnlyDictionary<string, string> Parse(Stream stream)
    {
        var main = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(stream);
        string? lastKey = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                break; // per-entry sections follow; the main section describes the archive
            }

            if (line[0] == ' ' && lastKey is not null)
            {
                main[lastKey] += line[1..];
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                lastKey = line[..colon].Trim();
                main[lastKey] = line[(colon + 1)..].Trim();
            }
        }

        return main;
    }
}
