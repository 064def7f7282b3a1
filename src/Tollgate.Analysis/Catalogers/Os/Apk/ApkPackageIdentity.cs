using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Apk;

/// <summary>The one place an apk package's identity is built: purl and CPEs.</summary>
public static class ApkPackageIdentity
{
    /// <summary>pkg:apk/alpine/NAME@VERSION?arch=ARCH&amp;distro=alpine-3.20.3&amp;upstream=ORIGIN.</summary>
    public static string Purl(ApkEntry entry, Model.Distro? distro) =>
        PackageUrl.Create(
            PackageTypes.Apk,
            distro?.Id ?? "alpine",
            entry.Name,
            entry.Version,
            [
                new("arch", entry.Architecture),
                new("distro", distro is null ? null : distro.VersionId is null ? distro.Id : $"{distro.Id}-{distro.VersionId}"),
                new("upstream", entry.Origin is not null && entry.Origin != entry.Name ? entry.Origin : null),
            ]);

    public static IReadOnlyList<string> Cpes(ApkEntry entry)
    {
        var names = new[] { entry.Name, entry.Origin }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return names.Select(n => Cpe.Application(n, n, entry.Version)).ToList();
    }
}
