using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Matching.Apk;

/// <summary>Alpine (and Wolfi) packages against their branch's secdb, by name and by origin (secdb keys are origins).</summary>
public sealed class ApkMatcher : IPackageMatcher
{
    public bool Handles(Package package) => package.Type == PackageTypes.Apk;

    public IEnumerable<PackageQuery> Queries(Package package, Distro? distro)
    {
        if (distro is null)
        {
            yield break;
        }

        var ns = distro.Id is "wolfi" or "chainguard"
            ? distro.Id + ":rolling"
            : Namespaces.Distro("alpine", distro.VersionId ?? "edge");
        yield return new PackageQuery(ns, package.Name, package.Version, "package");
        if (package.SourceName is { } origin && origin != package.Name)
        {
            yield return new PackageQuery(ns, origin, package.Version, "source-package");
        }
    }
}
