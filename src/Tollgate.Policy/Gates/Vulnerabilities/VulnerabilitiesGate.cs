using System.Globalization;
using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Policy.Gates.Vulnerabilities;

public sealed class VulnerabilitiesGate : Gate
{
    public override string Name => "vulnerabilities";
    public override string Description => "CVE/Vulnerability checks.";

    public override IReadOnlyList<Trigger> Triggers { get; } =
        [new PackageTrigger(), new StaleFeedDataTrigger(), new VulnerabilityDataUnavailableTrigger(), new BlacklistTrigger()];

    internal static readonly ControlRefs VulnerabilityControls = new()
    {
        Nist = ["RA-5", "SI-2 c"],
        Cci = ["CCI-002605"],
        Srg = ["SRG-APP-000456-CTR-001125"],
    };

    /// <summary>Anchore's package type names: dpkg, rpm, APKG for distro packages; java, python, npm, … otherwise.</summary>
    public static string AnchoreType(string type) => type switch
    {
        PackageTypes.Deb => "dpkg",
        PackageTypes.Rpm => "rpm",
        PackageTypes.Apk => "APKG",
        PackageTypes.Java => "java",
        PackageTypes.Python => "python",
        PackageTypes.Go => "go",
        PackageTypes.JavaScript => "js",
        PackageTypes.Cargo => "rust",
        _ => type,
    };

    /// <summary>The feed namespace Anchore names for the image ("debian:12").</summary>
    public static string DistroNamespace(ImageAnalysis analysis) =>
        analysis.Distro is { } d ? $"{d.Id}:{d.VersionId ?? "unknown"}" : "unknown";

    /// <summary>Whether the vulnerability data covers the image's distro at all.</summary>
    public static bool HasDataFor(ImageAnalysis analysis, ScanResult? scan)
    {
        if (scan is null)
        {
            return false;
        }

        var sources = scan.Database?.Sources ?? [];
        if (analysis.Distro is not { } distro || sources.Count == 0)
        {
            return true;
        }

        return sources.Any(s => s.Name.Contains(distro.Id, StringComparison.OrdinalIgnoreCase))
               || distro.IdLike.Any(like => sources.Any(s => s.Name.Contains(like, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Python's str(float): always a decimal point ("7.0", "9.8").</summary>
    public static string PyFloat(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e16
            ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Python's str(list_of_str): ['a', 'b'].</summary>
    public static string PyList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => "'" + i.Replace("\\", "\\\\").Replace("'", "\\'") + "'")) + "]";
}
