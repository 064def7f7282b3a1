using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Policy.Gates.Vulnerabilities;

public sealed class PackageTrigger : Trigger
{
    private static readonly IReadOnlyList<string> Comparisons = ["=", "!=", "<", ">", "<=", ">="];
    private static readonly IReadOnlyList<string> SeverityNames = ["unknown", "negligible", "low", "medium", "high", "critical"];
    private static readonly string[] ScoreNames = ["cvss_v3_base_score", "cvss_v3_exploitability_score", "cvss_v3_impact_score"];

    public override string Name => "package";
    public override string Description => "Triggers if a found vulnerability in an image meets the comparison criteria.";
    public override string MessageTemplate => "{0} Vulnerability found in {1} package type ({2}) - {3} {4}{5}{6}{7}({8} - {9})";
    public override string Remediation => "Upgrade the package to the fixed version (or rebuild on a patched base image); record a justified exception otherwise.";
    public override ControlRefs Controls => VulnerabilitiesGate.VulnerabilityControls;

    public override IReadOnlyList<TriggerParameter> Parameters { get; } = BuildParameters();

    private static List<TriggerParameter> BuildParameters()
    {
        var list = new List<TriggerParameter>
        {
            TriggerParameter.OneOf("package_type", "Only trigger for specific package type.", ["all", "os", "non-os"], required: true),
            TriggerParameter.OneOf("severity_comparison", "The type of comparison to perform for severity evaluation.", Comparisons) with { Example = ">" },
            TriggerParameter.OneOf("severity", "Severity to compare against.", SeverityNames) with { Example = "high" },
        };
        foreach (var prefix in new[] { "", "vendor_" })
        {
            foreach (var score in ScoreNames)
            {
                var what = (prefix.Length > 0 ? "vendor specified " : "") + score.Replace('_', ' ').Replace("cvss v3", "CVSS v3");
                list.Add(TriggerParameter.OneOf(prefix + score + "_comparison", $"The type of comparison to perform for {what} evaluation.", Comparisons) with { Example = ">" });
                list.Add(TriggerParameter.Float(prefix + score, $"{what} to compare against."));
            }
        }

        list.Add(TriggerParameter.Bool("fix_available", "If present, the fix availability for the vulnerability record must match the value of this parameter."));
        list.Add(TriggerParameter.Bool("vendor_only", "If True, an available fix for this CVE must not be explicitly marked as wont be addressed by the vendor"));
        list.Add(TriggerParameter.Int("max_days_since_creation", "If provided, this CVE must be older than the days provided to trigger.", example: "7"));
        list.Add(TriggerParameter.Int("max_days_since_fix", "If provided (only evaluated when fix_available option is also set to true), the fix first observed time must be older than days provided, to trigger.", example: "30"));
        list.Add(TriggerParameter.Pattern("package_path_exclude", "The regex to evaluate against the package path to exclude vulnerabilities", example: @".*test\.jar*"));
        return list;
    }

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (context.Input.Vulnerabilities is not { } scan)
        {
            yield break;
        }

        var packageType = args.String("package_type") ?? "all";
        var wantedRank = SeverityNames.ToList().IndexOf((args.String("severity") ?? "unknown").ToLowerInvariant());
        var severityCmp = args.String("severity_comparison") ?? ">";
        var fixAvailable = args.Bool("fix_available");
        var vendorOnly = args.Bool("vendor_only") ?? true;
        var maxDaysCreation = args.Int("max_days_since_creation");
        var pathExclude = args.String("package_path_exclude");
        var baseScore = args.Float("cvss_v3_base_score");
        var baseCmp = args.String("cvss_v3_base_score_comparison") ?? ">=";

        foreach (var m in scan.Matches)
        {
            if (m.SuppressedBy is not null)
            {
                continue;
            }

            var isOs = PackageTypes.IsOs(m.PackageType);
            var pkgClass = isOs ? "os" : "non-os";
            if (packageType != "all" && packageType != pkgClass)
            {
                continue;
            }

            if (!Compare(severityCmp, Severities.Rank(m.Severity), wantedRank))
            {
                continue;
            }

            if (vendorOnly && m.FixState == FixStates.WontFix)
            {
                continue;
            }

            var path = m.Locations.FirstOrDefault()?.Path;
            if (!isOs && pathExclude is not null && path is not null && Gates.PyRegex.Match(pathExclude, path))
            {
                continue;
            }

            var timeMsg = "";
            if (maxDaysCreation is { } days)
            {
                // Anchore's "created" is when the record appeared; the advisory's publication date is ours.
                if (m.Published is not { } published || published > context.Now.AddDays(-days))
                {
                    continue;
                }

                timeMsg = $"(max_days_since_creation={published:yyyy-MM-dd})";
            }

            var score = m.CvssScore ?? -1.0;
            var scoreMsg = "";
            if (baseScore is { } wantedScore)
            {
                if (!Compare(baseCmp, score, wantedScore))
                {
                    continue;
                }

                scoreMsg = score != 0 ? $"(cvss_v3_base_score={VulnerabilitiesGate.PyFloat(score)})" : "";
            }

            if (!PassesUnknownScores(args, out var vendorMsg))
            {
                continue;
            }

            var fixedIn = m.FixState == FixStates.Fixed && m.FixedIn.Count > 0 ? string.Join(", ", m.FixedIn) : null;
            if (fixAvailable is { } wantFix && wantFix != (fixedIn is not null))
            {
                continue;
            }

            var fixMsg = fixedIn is null ? "" : $"(fixed in: {fixedIn})";
            var shown = isOs ? m.PackageName : path ?? m.PackageName;
            var link = m.Urls.FirstOrDefault() ?? "None";
            yield return new TriggerFire(Format(m.Severity.ToUpperInvariant(), pkgClass, VulnerabilitiesGate.AnchoreType(m.PackageType), shown, fixMsg, scoreMsg, timeMsg, vendorMsg, m.Id, link))
            {
                InstanceId = m.Id + "+" + (isOs ? m.PackageName : NonOsSuffix(m, path)),
                Subject = $"{m.Id}+{m.PackageName}@{m.PackageVersion}",
                Path = path,
                Layer = m.Locations.FirstOrDefault()?.Layer,
                PackageName = m.PackageName,
                PackageVersion = m.PackageVersion,
            };
        }
    }

    /// <summary>Exploitability, impact and vendor scores are not in our data: Anchore uses -1.0 for a missing score.</summary>
    private static bool PassesUnknownScores(RuleArguments args, out string vendorMsg)
    {
        var vendorParts = new List<string>();
        foreach (var name in new[] { "cvss_v3_exploitability_score", "cvss_v3_impact_score", "vendor_cvss_v3_base_score", "vendor_cvss_v3_exploitability_score", "vendor_cvss_v3_impact_score" })
        {
            if (args.Float(name) is { } wanted)
            {
                if (!Compare(args.String(name + "_comparison") ?? ">=", -1.0, wanted))
                {
                    vendorMsg = "";
                    return false;
                }

                if (name.StartsWith("vendor_", StringComparison.Ordinal))
                {
                    vendorParts.Add($"{name}=-1.0");
                }
            }
        }

        vendorMsg = vendorParts.Count > 0 ? "(" + string.Join(' ', vendorParts) + ")" : "";
        return true;
    }

    /// <summary>Non-OS ids end with the jar or gem file name, the npm package directory, else name-version.</summary>
    private static string NonOsSuffix(VulnerabilityMatch m, string? path)
    {
        var parts = path?.Split('/') ?? [];
        var suffix = m.PackageType switch
        {
            PackageTypes.Java or PackageTypes.Gem when parts.Length > 0 => parts[^1],
            PackageTypes.Npm when parts.Length > 1 => parts[^2],
            _ => null,
        };
        return string.IsNullOrEmpty(suffix) ? m.PackageName + "-" + m.PackageVersion : suffix;
    }

    private static bool Compare(string op, double actual, double wanted) => op switch
    {
        "=" => actual == wanted,
        "!=" => actual != wanted,
        "<" => actual < wanted,
        ">" => actual > wanted,
        "<=" => actual <= wanted,
        ">=" => actual >= wanted,
        _ => false,
    };
}
