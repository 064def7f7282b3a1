using Tollgate.Analysis.Model;

namespace Tollgate.Vulnerabilities.Matching;

/// <summary>
/// What to look up in the DB for one package: a namespace, a name and the version to compare, and how the
/// match should be described ("package", "source-package", "ecosystem").
/// </summary>
public sealed record PackageQuery(string Namespace, string Name, string Version, string MatchedBy);

/// <summary>One matcher per kind of package (syft/grype style): it decides which advisories apply, not how versions order.</summary>
public interface IPackageMatcher
{
    bool Handles(Package package);

    IEnumerable<PackageQuery> Queries(Package package, Distro? distro);
}
