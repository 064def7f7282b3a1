using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Matching.Dpkg;

/// <summary>
/// Debian/Ubuntu packages against their own release's advisories, by binary name and by Source: name (the
/// tracker and DSAs speak of source packages; the source version is compared when the package states it).
/// </summary>
public sealed class DpkgMatcher : IPackageMatcher
{
    public bool Handles(Package package) => package.Type == PackageTypes.Deb;

    public IEnumerable<PackageQuery> Queries(Package package, Distro? distro)
    {
        if (distro is null)
        {
            yield break;
        }

        var release = distro.VersionId ?? distro.VersionCodename ?? "unstable";
        var ns = Namespaces.Distro(distro.Id == "ubuntu" ? "ubuntu" : "debian", release);
        yield return new PackageQuery(ns, package.Name, package.Version, "package");
        if (package.SourceName is { } source && source != package.Name)
        {
            yield return new PackageQuery(ns, source, package.SourceVersion ?? package.Version, "source-package");
        }
    }
}
