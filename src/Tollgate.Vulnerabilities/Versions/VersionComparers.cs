namespace Tollgate.Vulnerabilities.Versions;

/// <summary>Which comparer orders the versions of an ecosystem (OSV ecosystem names and our package types).</summary>
public static class VersionComparers
{
    public static IVersionComparer ForScheme(string scheme) => scheme switch
    {
        "dpkg" => DpkgComparer.Instance,
        "rpm" => RpmComparer.Instance,
        "apk" => ApkComparer.Instance,
        "pep440" => Pep440Comparer.Instance,
        "maven" => MavenComparer.Instance,
        "rubygems" => RubyGemsComparer.Instance,
        "nuget" => NuGetComparer.Instance,
        "composer" => ComposerComparer.Instance,
        "generic" => GenericComparer.Instance,
        _ => SemverComparer.Instance,
    };

    /// <summary>Scheme of an OSV ecosystem ("Debian:12" → dpkg, "PyPI" → pep440, "Go" → semver).</summary>
    public static string SchemeOfEcosystem(string ecosystem)
    {
        var baseName = ecosystem.Split(':')[0];
        return baseName.ToLowerInvariant() switch
        {
            "debian" or "ubuntu" => "dpkg",
            "alpine" or "wolfi" or "chainguard" => "apk",
            "red hat" or "rocky linux" or "almalinux" or "suse" or "opensuse" or "mageia" or "redhat" or "rhel" => "rpm",
            "pypi" => "pep440",
            "maven" => "maven",
            "rubygems" => "rubygems",
            "nuget" => "nuget",
            "packagist" => "composer",
            _ => "semver",
        };
    }

    public static IVersionComparer ForEcosystem(string ecosystem) => ForScheme(SchemeOfEcosystem(ecosystem));
}
