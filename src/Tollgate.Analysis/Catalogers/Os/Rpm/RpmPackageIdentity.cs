using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>purl, CPEs and source package of an rpm, derived from its header fields and the image's distro.</summary>
internal static class RpmPackageIdentity
{
    /// <summary>VERSION-RELEASE, the version rpm tools show (the epoch travels separately).</summary>
    public static string VersionRelease(RpmPackageRecord p) =>
        string.IsNullOrEmpty(p.Release) ? p.Version : $"{p.Version}-{p.Release}";

    /// <summary>pkg:rpm/&lt;distro-id&gt;/NAME@VERSION-RELEASE?arch=…&amp;epoch=…&amp;distro=&lt;id&gt;-&lt;version&gt;&amp;upstream=&lt;sourcerpm&gt;.</summary>
    public static string Purl(RpmPackageRecord p, Distro? distro)
    {
        var distroQualifier = distro is null ? null
            : string.IsNullOrEmpty(distro.VersionId) ? distro.Id
            : $"{distro.Id}-{distro.VersionId}";
        return PackageUrl.Create(
            PackageTypes.Rpm,
            distro?.Id.ToLowerInvariant(),
            p.Name,
            VersionRelease(p),
            [
                new("arch", p.Arch),
                new("epoch", p.Epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("distro", distroQualifier),
                new("upstream", p.SourceRpm),
            ]);
    }

    /// <summary>
    /// CPE 2.3 candidates: the vendor as the header names it (normalised: "Red Hat, Inc." → "redhat") and the package
    /// name as its own vendor, which is how NVD names most upstream projects.
    /// </summary>
    public static IReadOnlyList<string> Cpes(RpmPackageRecord p)
    {
        var vendors = new List<string>();
        if (NormalizeVendor(p.Vendor) is { Length: > 0 } vendor)
        {
            vendors.Add(vendor);
        }

        vendors.Add(p.Name.ToLowerInvariant());
        return vendors.Distinct(StringComparer.Ordinal)
            .Select(v => Cpe.Application(v, p.Name, p.Version))
            .ToList();
    }

    /// <summary>"util-linux-2.32.1-42.el8_8.src.rpm" → ("util-linux", "2.32.1-42.el8_8").</summary>
    public static (string? Name, string? Version) SourcePackage(string? sourceRpm)
    {
        if (string.IsNullOrEmpty(sourceRpm))
        {
            return (null, null);
        }

        var stem = sourceRpm;
        foreach (var suffix in new[] { ".src.rpm", ".nosrc.rpm" })
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal))
            {
                stem = stem[..^suffix.Length];
                break;
            }
        }

        var releaseDash = stem.LastIndexOf('-');
        var versionDash = releaseDash > 0 ? stem.LastIndexOf('-', releaseDash - 1) : -1;
        return versionDash > 0 ? (stem[..versionDash], stem[(versionDash + 1)..]) : (stem, null);
    }

    private static string? NormalizeVendor(string? vendor)
    {
        if (string.IsNullOrWhiteSpace(vendor))
        {
            return null;
        }

        // "SUSE LLC <https://www.suse.com/>", "Red Hat, Inc.", "Microsoft Corporation": keep the name, drop the legal form.
        var name = vendor.Split([',', '<', '('], 2)[0].Trim().ToLowerInvariant();
        foreach (var form in new[] { " inc.", " inc", " llc", " corporation", " corp.", " ltd." })
        {
            if (name.EndsWith(form, StringComparison.Ordinal))
            {
                name = name[..^form.Length];
            }
        }

        return new string(name.Where(char.IsAsciiLetterOrDigit).ToArray());
    }
}
