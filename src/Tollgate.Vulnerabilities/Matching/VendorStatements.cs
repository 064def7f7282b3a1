using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Matching;

/// <summary>
/// Applies a vendor's "not affected" statements (Red Hat CSAF known_not_affected) to one package's candidates:
/// the problem is dropped for that package in that release, whatever other feeds say. A statement made on the
/// binary package name outranks one made on its source package by the same feed.
/// </summary>
internal static class VendorStatements
{
    public static List<Candidate> Apply(List<Candidate> candidates)
    {
        if (!candidates.Exists(c => c.FixState == FixStates.NotAffected))
        {
            return candidates;
        }

        var onBinary = candidates.Where(c => c.Query.MatchedBy == "package").Select(c => (c.Source, c.Id)).ToHashSet();
        var kept = candidates.Where(c => c.Query.MatchedBy != "source-package" || !onBinary.Contains((c.Source, c.Id))).ToList();
        var notAffected = kept.Where(c => c.FixState == FixStates.NotAffected).Select(c => (c.Query.Namespace, c.Id)).ToHashSet();
        return kept.Where(c => !notAffected.Contains((c.Query.Namespace, c.Id))).ToList();
    }
}
