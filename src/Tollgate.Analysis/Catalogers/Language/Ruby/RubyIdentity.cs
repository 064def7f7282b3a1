using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Ruby;

/// <summary>purl (pkg:gem/name@version) and CPE of a gem.</summary>
public static class RubyIdentity
{
    public static Package Create(
        string name, string version, string foundBy, Location location, IReadOnlyList<LicenseInfo>? licenses = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        LanguagePackages.Create(
            PackageTypes.Gem, name, version, foundBy, location, PackageUrl.Create(PackageTypes.Gem, null, name, version),
            [Cpe.Application(name, name, version, "ruby")], licenses, metadata);
}
