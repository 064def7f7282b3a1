using System.Text.RegularExpressions;

namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>
/// One spelling per package name, used both when storing advisories and when looking packages up, so "Django",
/// "django" and "Flask_Login"/"flask-login" meet (PEP 503 for PyPI; case-insensitive ecosystems lower-cased).
/// </summary>
public static partial class PackageNames
{
    [GeneratedRegex("[-_.]+")]
    private static partial Regex PythonSeparators();

    public static string Normalize(string ns, string name)
    {
        name = name.Trim();
        return ns switch
        {
            Namespaces.PyPI => PythonSeparators().Replace(name.ToLowerInvariant(), "-"),
            Namespaces.Npm or Namespaces.Packagist or Namespaces.NuGet or Namespaces.Crates => name.ToLowerInvariant(),
            _ => name,
        };
    }
}

/// <summary>Advisory namespaces: ecosystems by OSV name, distro releases as "id:version".</summary>
public static class Namespaces
{
    public const string Npm = "npm";
    public const string PyPI = "pypi";
    public const string Go = "go";
    public const string Crates = "crates.io";
    public const string Maven = "maven";
    public const string RubyGems = "rubygems";
    public const string NuGet = "nuget";
    public const string Packagist = "packagist";
    public const string Nvd = "nvd:cpe";

    /// <summary>OSV ecosystem → namespace: "PyPI" → "pypi", "Debian:12" → "debian:12", "Alpine:v3.16" → "alpine:3.16".</summary>
    public static string? FromOsvEcosystem(string ecosystem)
    {
        var colon = ecosystem.IndexOf(':');
        var name = (colon < 0 ? ecosystem : ecosystem[..colon]).Trim().ToLowerInvariant();
        var release = colon < 0 ? null : ecosystem[(colon + 1)..].Trim();
        return name switch
        {
            "npm" => Npm,
            "pypi" => PyPI,
            "go" => Go,
            "crates.io" => Crates,
            "maven" => Maven,
            "rubygems" => RubyGems,
            "nuget" => NuGet,
            "packagist" => Packagist,
            "wolfi" or "chainguard" => name + ":rolling",
            "debian" or "ubuntu" or "alpine" or "rocky linux" or "almalinux" or "red hat" when release is not null =>
                Distro(name switch { "red hat" => "rhel", "rocky linux" => "rocky", _ => name }, release),
            _ => null,
        };
    }

    /// <summary>"debian", "12" → "debian:12"; Alpine "v3.11"/"3.11.6" → "alpine:3.11"; Debian codenames → numbers.</summary>
    public static string Distro(string id, string release)
    {
        id = id.ToLowerInvariant();
        release = release.Trim();
        switch (id)
        {
            case "alpine":
                release = release.TrimStart('v');
                var parts = release.Split('.');
                release = parts.Length >= 2 ? parts[0] + "." + parts[1] : release;
                break;
            case "debian":
                release = DebianReleases.Number(release);
                break;
            case "rhel" or "centos" or "rocky" or "almalinux" or "ol":
                id = "rhel";
                release = release.Split('.')[0];
                break;
            case "ubuntu":
                release = release.Split(':')[^1].Replace(":LTS", "", StringComparison.Ordinal);
                break;
        }

        return id + ":" + release;
    }

    /// <summary>The advisory namespace of a package type (language ecosystems only).</summary>
    public static string? ForPackageType(string type) => type switch
    {
        "npm" or "javascript" => Npm,
        "pypi" => PyPI,
        "golang" => Go,
        "cargo" => Crates,
        "maven" => Maven,
        "gem" => RubyGems,
        "nuget" => NuGet,
        "composer" => Packagist,
        _ => null,
    };

    /// <summary>Version scheme of a namespace.</summary>
    public static string Scheme(string ns)
    {
        var id = ns.Split(':')[0];
        return id switch
        {
            "debian" or "ubuntu" => "dpkg",
            "alpine" or "wolfi" or "chainguard" => "apk",
            "rhel" or "fedora" or "amzn" or "sles" or "mariner" => "rpm",
            PyPI => "pep440",
            Maven => "maven",
            RubyGems => "rubygems",
            NuGet => "nuget",
            Packagist => "composer",
            _ => "semver",
        };
    }
}

/// <summary>Debian release codenames and their numbers (the tracker and DSA lists use codenames).</summary>
public static class DebianReleases
{
    private static readonly Dictionary<string, string> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["buzz"] = "1.1",
        ["rex"] = "1.2",
        ["bo"] = "1.3",
        ["hamm"] = "2.0",
        ["slink"] = "2.1",
        ["potato"] = "2.2",
        ["woody"] = "3.0",
        ["sarge"] = "3.1",
        ["etch"] = "4",
        ["lenny"] = "5",
        ["squeeze"] = "6",
        ["wheezy"] = "7",
        ["jessie"] = "8",
        ["stretch"] = "9",
        ["buster"] = "10",
        ["bullseye"] = "11",
        ["bookworm"] = "12",
        ["trixie"] = "13",
        ["forky"] = "14",
        ["duke"] = "15",
        ["sid"] = "unstable",
    };

    /// <summary>"bookworm" → "12", "12.5" → "12", "sid" → "unstable"; unknown names are kept.</summary>
    public static string Number(string release)
    {
        release = release.Trim();
        if (Numbers.TryGetValue(release, out var n))
        {
            return n;
        }

        var dot = release.IndexOf('.');
        return dot > 0 && int.TryParse(release[..dot], out var major) && major >= 4 ? release[..dot] : release;
    }

    public static bool IsCodename(string name) => Numbers.ContainsKey(name);
}
