using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>Evaluates affected intervals and exact-version lists against an installed version.</summary>
public static class VersionRange
{
    public static bool Contains(IVersionComparer comparer, VersionInterval interval, string version)
    {
        if (interval.Scheme is not null && interval.Scheme != comparer.Scheme)
        {
            comparer = VersionComparers.ForScheme(interval.Scheme);
        }

        if (interval.Introduced is not null)
        {
            var c = comparer.Compare(version, interval.Introduced);
            if (c < 0 || (c == 0 && interval.IntroducedExclusive))
            {
                return false;
            }
        }

        if (interval.Fixed is not null && comparer.Compare(version, interval.Fixed) >= 0)
        {
            return false;
        }

        return interval.LastAffected is null || comparer.Compare(version, interval.LastAffected) <= 0;
    }

    /// <summary>
    /// True when the package version is affected: inside any interval or equal to a listed version. No intervals
    /// and no versions means every version is affected (e.g. an open Debian issue).
    /// </summary>
    public static bool IsAffected(IVersionComparer comparer, AffectedPackage affected, string version, out IReadOnlyList<string> fixedIn)
    {
        var fixes = new List<string>();
        var hit = false;
        foreach (var interval in affected.Ranges)
        {
            if (Contains(comparer, interval, version))
            {
                hit = true;
                if (interval.Fixed is not null)
                {
                    fixes.Add(interval.Fixed);
                }
            }
        }

        if (!hit && affected.Versions.Count > 0)
        {
            hit = affected.Versions.Any(v => v == version || comparer.Compare(v, version) == 0);
        }

        if (!hit && affected.Ranges.Count == 0 && affected.Versions.Count == 0)
        {
            hit = true;
        }

        fixedIn = fixes.Distinct().ToList();
        return hit;
    }
}
