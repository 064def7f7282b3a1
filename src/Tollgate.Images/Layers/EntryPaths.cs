namespace Tollgate.Images.Layers;

/// <summary>Tar member names to absolute image paths, refusing names that try to leave the image.</summary>
public static class EntryPaths
{
    /// <summary>
    /// "./usr/bin/" → "/usr/bin". Returns null with a reason for absolute names and for ".." that climbs above the
    /// root: image tars never need either, and extracting tools would write outside the target with them.
    /// </summary>
    public static string? Normalize(string name, out string? problem)
    {
        problem = null;
        if (name.StartsWith('/'))
        {
            problem = $"entry '{name}' has an absolute path";
            return null;
        }

        var span = name.AsSpan();
        if (span.StartsWith("./"))
        {
            span = span[2..];
        }

        span = span.TrimEnd('/');
        if (span.Length == 0 || span is ".")
        {
            return "/";
        }

        // Fast path: no ".", "..", or empty components — the usual case, one string allocation.
        if (!span.Contains("//", StringComparison.Ordinal) && !span.Contains("/.", StringComparison.Ordinal) && span[0] != '.')
        {
            return string.Concat("/", span);
        }

        var parts = new List<string>();
        foreach (var part in span.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    problem = $"entry '{name}' climbs out of the image with '..'";
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }
}
