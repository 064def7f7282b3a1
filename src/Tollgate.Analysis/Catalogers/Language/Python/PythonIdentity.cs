using System.Text.RegularExpressions;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Python;

/// <summary>purl and CPE of a Python distribution; purl names are PEP 503 normalised ("Foo_Bar.baz" → "foo-bar-baz").</summary>
public static partial class PythonIdentity
{
    public static string Normalize(string name) => Separators().Replace(name.Trim(), "-").ToLowerInvariant();

    public static string Purl(string name, string version) =>
        PackageUrl.Create(PackageTypes.Python, null, Normalize(name), version.Length == 0 ? null : version);

    public static Package Create(
        string name,
        string version,
        string foundBy,
        Location location,
        IReadOnlyList<LicenseInfo>? licenses = null,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        LanguagePackages.Create(
            PackageTypes.Python, name, version, foundBy, location, Purl(name, version),
            [Cpe.Application(Normalize(name), Normalize(name), version, "python")], licenses, metadata);

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
