using Tollgate.Analysis.Model;
using Tollgate.Images.Model;

namespace Tollgate.Vulnerabilities.Tests.Matching;

/// <summary>Builds ImageAnalysis objects the way the catalogers fill them, from real package lists.</summary>
internal static class Packages
{
    public static Package Make(string type, string name, string version, string? source = null, string? ownedBy = null, IReadOnlyList<string>? cpes = null, string? purl = null) => new()
    {
        Id = $"{type}:{name}@{version}",
        Name = name,
        Version = version,
        Type = type,
        FoundBy = "test",
        SourceName = source,
        OwnedBy = ownedBy,
        Cpes = cpes ?? [],
        Purl = purl,
    };

    public static ImageAnalysis Analysis(Distro? distro, params Package[] packages) => new()
    {
        Image = new ImageMetadata { Source = "test", SourceKind = "test" },
        Distro = distro,
        Packages = packages,
    };
}
