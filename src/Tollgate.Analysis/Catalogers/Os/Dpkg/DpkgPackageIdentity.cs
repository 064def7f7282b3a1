using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Dpkg;

/// <summary>The one place a deb package's identity is built: purl and CPEs.</summary>
public static class DpkgPackageIdentity
{
    /// <summary>pkg:deb/debian/NAME@VERSION?arch=ARCH&amp;distro=debian-12&amp;upstream=SRC[@SRCVERSION].</summary>
    public static string Purl(DpkgEntry entry, Model.Distro? distro)
    {
        var upstream = entry.Source is null ? null
            : entry.SourceVersion is null ? entry.Source
            : entry.Source + "@" + entry.SourceVersion;
        return PackageUrl.Create(
            PackageTypes.Deb,
            distro?.Id ?? "debian",
            entry.Package,
            entry.Version,
            [
                new("arch", entry.Architecture),
                new("distro", DistroQualifier(distro)),
                new("upstream", upstream),
            ]);
    }

    /// <summary>"debian-12", or just the id when the version is unknown (distroless without os-release).</summary>
    public static string? DistroQualifier(Model.Distro? distro) =>
        distro is null ? null : distro.VersionId is null ? distro.Id : $"{distro.Id}-{distro.VersionId}";

    /// <summary>
    /// Debian names rarely match NVD vendors, so candidates use the binary and the source name as vendor and product
    /// (the matcher prefers the distro feed; CPEs are the fallback).
    /// </summary>
    public static IReadOnlyList<string> Cpes(DpkgEntry entry)
    {
        var names = new[] { entry.Package, entry.Source }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return names.SelectMany(vendor => names.Select(product => Cpe.Application(vendor, product, entry.Version)))
            .Distinct(StringComparer.Ordinal).ToList();
    }
}
