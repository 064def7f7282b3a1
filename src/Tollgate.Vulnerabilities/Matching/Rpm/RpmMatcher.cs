using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Matching.Rpm;

/// <summary>RHEL-family packages against Red Hat advisories for the major release, by name and by sourcerpm name.</summary>
public sealed class RpmMatcher : IPackageMatcher
{
    public bool Handles(Package package) => package.Type == PackageTypes.Rpm;

    public IEnumerable<PackageQuery> Queries(Package package, Distro? distro)
    {
        if (distro?.VersionId is null)
        {
            yield break;
        }

        var ns = Namespaces.Distro(distro.Id, distro.VersionId);
        var evr = Evr(package);
        yield return new PackageQuery(ns, package.Name, evr, "package");
        if (package.SourceName is { } source && source != package.Name)
        {
            yield return new PackageQuery(ns, source, evr, "source-package");
        }
    }

    /// <summary>"epoch:version-release" as advisories state fixed versions.</summary>
    public static string Evr(Package package)
    {
        var version = package.Version;
        if (package.Release is { Length: > 0 } release && !version.EndsWith("-" + release, StringComparison.Ordinal))
        {
            version += "-" + release;
        }

        return package.Epoch is > 0 && !version.Contains(':') ? $"{package.Epoch}:{version}" : version;
    }
}
