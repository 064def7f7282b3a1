using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Filters;

/// <summary>Decides whether a match is suppressed (VEX statement, ignore rule) and says by what.</summary>
public interface IMatchFilter
{
    /// <summary>Why the match is suppressed, or null when it is not.</summary>
    string? SuppressedBy(VulnerabilityMatch match);
}

public static class MatchFilters
{
    /// <summary>Marks suppressed matches (they are kept, with <see cref="VulnerabilityMatch.SuppressedBy"/> set).</summary>
    public static IReadOnlyList<VulnerabilityMatch> Apply(IEnumerable<VulnerabilityMatch> matches, IReadOnlyList<IMatchFilter> filters) =>
        matches.Select(m => filters.Select(f => f.SuppressedBy(m)).FirstOrDefault(r => r is not null) is { } why ? m with { SuppressedBy = why } : m).ToList();

    /// <summary>True when the match names this vulnerability id, directly or as an alias.</summary>
    internal static bool Names(VulnerabilityMatch match, string id) =>
        string.Equals(match.Id, id, StringComparison.OrdinalIgnoreCase) || match.Aliases.Any(a => string.Equals(a, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Purls equal up to qualifiers and subpath ("pkg:deb/debian/curl@7.88.1-10?arch=amd64" = "pkg:deb/debian/curl@7.88.1-10").</summary>
    internal static bool SamePurl(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        static string Core(string p) => Uri.UnescapeDataString(p.Split('?', '#')[0]).ToLowerInvariant();
        var ca = Core(a);
        var cb = Core(b);

        // A purl without a version names every version of the package.
        return ca == cb || (!cb.Contains('@') && ca.Split('@')[0] == cb) || (!ca.Contains('@') && cb.Split('@')[0] == ca);
    }
}
