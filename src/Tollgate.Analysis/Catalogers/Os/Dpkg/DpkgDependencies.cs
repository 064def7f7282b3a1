namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>Parses dpkg relationship fields: "a (>= 1), b | c:any, d [amd64]" → [[a], [b, c], [d]] (names only).</summary>
public static class DpkgDependencies
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string field) =>
        field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(group => (IReadOnlyList<string>)group.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(NameOf).Where(n => n.Length > 0).ToList())
            .Where(g => g.Count > 0)
            .ToList();

    private static string NameOf(string alternative)
    {
        var end = alternative.IndexOfAny([' ', '(', '[', '<', ':']);
        return (end < 0 ? alternative : alternative[..end]).Trim();
    }
}
