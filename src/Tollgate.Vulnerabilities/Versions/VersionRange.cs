using Tollgate.Vulnerabilities.Database;
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
    public static bool IsAffected(IVersionComparer comparer, AffectedRow affected, string version, out IReadOnlyList<string> fixedIn)
    {
        // Allocation-free unless an interval with a fix matched: this runs for every advisory of every package.
        List<string>? fixes = null;
        var hit = false;
        foreach (var interval in affected.Ranges)
        {
            if (Contains(comparer, interval, version))
            {
                hit = true;
                if (interval.Fixed is { } f && !(fixes?.Contains(f) ?? false))
                {
                    (fixes ??= []).Add(f);
                }
            }
        }

        if (!hit && affected.HasVersions)
        {
            foreach (var v in affected.Versions)
            {
                if (v == version || comparer.Compare(v, version) == 0)
                {
                    hit = true;
                    break;
                }
            }
        }

        if (!hit && affected.Ranges.Count == 0 && !affected.HasVersions)
        {
            hit = true;
        }

        fixedIn = (IReadOnlyList<string>?)fixes ?? [];
        return hit;
    }
}
