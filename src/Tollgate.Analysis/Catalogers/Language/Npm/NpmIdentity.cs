using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Npm;

/// <summary>purl and CPE of an npm package: "@scope/name" puts the scope in the purl namespace (pkg:npm/%40scope/name@1.0).</summary>
public static class NpmIdentity
{
    public static string Purl(string name, string version)
    {
        var slash = name.StartsWith('@') ? name.IndexOf('/') : -1;
        return slash > 0
            ? PackageUrl.Create(PackageTypes.Npm, name[..slash], name[(slash + 1)..], version)
            : PackageUrl.Create(PackageTypes.Npm, null, name, version);
    }

    public static IReadOnlyList<string> Cpes(string name, string version)
    {
        var product = name.StartsWith('@') && name.Contains('/') ? name[(name.IndexOf('/') + 1)..] : name;
        return [Cpe.Application(product, product, version, "node.js")];
    }

    public static Package Create(
        string name,
        string version,
        string foundBy,
        Location location,
        IReadOnlyList<LicenseInfo>? licenses = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        string? idKey = null) =>
        LanguagePackages.Create(
            PackageTypes.Npm, name, version, foundBy, location, Purl(name, version), Cpes(name, version), licenses, metadata, idKey);

    /// <summary>"npm:real-name@^1.2" aliases in lockfiles name the real package.</summary>
    public static (string Name, string Version) Unalias(string name, string version)
    {
        if (!version.StartsWith("npm:", StringComparison.Ordinal))
        {
            return (name, version);
        }

        var spec = version[4..];
        var at = spec.LastIndexOf('@');
        return at > 0 ? (spec[..at], spec[(at + 1)..]) : (spec, version);
    }
}
