using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.DotNet;

/// <summary>purl (pkg:nuget/Name@version) and CPE of a NuGet package or .NET assembly.</summary>
public static class DotNetIdentity
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyDictionary<string, string>? metadata = null)
    {
        // "Microsoft.Extensions.Logging" → vendor "microsoft", product "extensions.logging"-like guesses are noisy; keep it plain.
        var vendor = name.Split('.')[0];
        return LanguagePackages.Create(
            PackageTypes.DotNet, name, version, foundBy, location, PackageUrl.Create(PackageTypes.DotNet, null, name, version),
            [Cpe.Application(vendor, name, version, ".net")], metadata: metadata);
    }
}
