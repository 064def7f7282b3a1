using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Rust;

/// <summary>purl (pkg:cargo/name@version) and CPE of a crate.</summary>
public static class RustIdentity
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyDictionary<string, string>? metadata = null) =>
        LanguagePackages.Create(
            PackageTypes.Cargo, name, version, foundBy, location, PackageUrl.Create(PackageTypes.Cargo, null, name, version),
            [Cpe.Application(name, name, version, "rust")], metadata: metadata);
}
