using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Matching.Cpe;

/// <summary>
/// CPE matching against NVD configurations, only for unmanaged binaries (found by content, owned by no package
/// manager). Packages of an ecosystem with its own advisories never reach here: CPE guesses on them are the main
/// source of false positives in other scanners.
/// </summary>
public sealed class CpeMatcher : IPackageMatcher
{
    public bool Handles(Package package) => package.Type == PackageTypes.Binary && package.OwnedBy is null;

    public IEnumerable<PackageQuery> Queries(Package package, Distro? distro)
    {
        foreach (var cpe in package.Cpes)
        {
            var parts = cpe.Split(':');
            if (parts.Length >= 6 && parts[0] == "cpe" && parts[1] == "2.3")
            {
                var version = parts[5] is "*" or "-" or "" ? package.Version : parts[5];
                yield return new PackageQuery(Namespaces.Nvd, parts[3] + ":" + parts[4], version, "cpe");
            }
        }
    }
}
