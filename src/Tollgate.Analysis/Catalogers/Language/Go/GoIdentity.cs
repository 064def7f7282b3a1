using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Go;

/// <summary>purl of a Go module (pkg:golang/github.com/x/y@v1.2.3) and of the standard library (pkg:golang/stdlib@1.22.1).</summary>
public static class GoIdentity
{
    public const string StdlibName = "stdlib";

    public static string Purl(string modulePath, string version)
    {
        var slash = modulePath.LastIndexOf('/');
        var ns = slash > 0 ? modulePath[..slash] : null;
        var name = slash > 0 ? modulePath[(slash + 1)..] : modulePath;
        return PackageUrl.Create(PackageTypes.Go, ns, name, modulePath == StdlibName ? version.TrimStart('g', 'o') : version);
    }

    public static IReadOnlyList<string> Cpes(string modulePath, string version)
    {
        if (modulePath == StdlibName)
        {
            return [Cpe.Application("golang", "go", version.TrimStart('g', 'o'))];
        }

        // github.com/<vendor>/<product>[/...] is the common shape; others keep the last element as both.
        var parts = modulePath.Split('/');
        var (vendor, product) = parts.Length >= 3 && parts[0] is "github.com" or "gitlab.com" ? (parts[1], parts[2]) : (parts[^1], parts[^1]);
        return [Cpe.Application(vendor, product, version)];
    }

    public static Package Create(string modulePath, string version, string foundBy, Location location, IReadOnlyDictionary<string, string>? metadata = null) =>
        LanguagePackages.Create(PackageTypes.Go, modulePath, version, foundBy, location, Purl(modulePath, version), Cpes(modulePath, version), metadata: metadata);
}
