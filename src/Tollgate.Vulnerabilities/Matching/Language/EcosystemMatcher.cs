using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Matching.Language;

/// <summary>
/// Language packages against their ecosystem's advisories (OSV, GHSA, nodejs-security-wg). A package whose files
/// an OS package owns (python3-urllib3 from dpkg) is the distro's build, patched by the distro: it is matched
/// through its OS package, never against upstream advisories, which would report fixes the distro backported.
/// </summary>
public sealed class EcosystemMatcher : IPackageMatcher
{
    public bool Handles(Package package) => Namespaces.ForPackageType(package.Type) is not null;

    public IEnumerable<PackageQuery> Queries(Package package, Distro? distro)
    {
        if (package.OwnedBy is not null)
        {
            yield break;
        }

        var ns = Namespaces.ForPackageType(package.Type)!;
        var name = ns == Namespaces.Maven ? MavenName(package) : package.Name;
        var version = package.Version;
        if (ns == Namespaces.Go && name == "stdlib" && version.StartsWith("go", StringComparison.Ordinal))
        {
            version = version[2..]; // the Go toolchain reports "go1.21.0"; vulndb ranges say "1.21.0".
        }

        yield return new PackageQuery(ns, PackageNames.Normalize(ns, name), version, "ecosystem");
    }

    /// <summary>Maven advisories name "groupId:artifactId"; the purl carries the group when the name does not.</summary>
    private static string MavenName(Package package)
    {
        if (package.Name.Contains(':') || package.Purl is null)
        {
            return package.Name;
        }

        var path = package.Purl.Split('@')[0].Split('?')[0];
        var parts = path["pkg:maven/".Length..].Split('/');
        return parts.Length == 2 ? $"{Uri.UnescapeDataString(parts[0])}:{Uri.UnescapeDataString(parts[1])}" : package.Name;
    }
}
