using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Packages;

public sealed class RequiredPackageTrigger : Trigger
{
    public override string Name => "required_package";
    public override string Description => "Triggers if the specified package and optionally a specific version is not found in the image.";
    public override string MessageTemplate => "Required input package ({0}) is not present in container image";
    public override string Remediation => "Install the required package (at the required version) in the image.";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.Str("name", "Name of package that must be found installed in image.", required: true, example: "libssl"),
        TriggerParameter.Str("version", "Optional version of package for exact version match.", example: "1.10.3rc3"),
        TriggerParameter.OneOf("version_match_type", "The type of comparison to use for version if a version is provided.", ["exact", "minimum"]),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var name = args.String("name")!;
        var version = args.String("version");
        var comparison = args.String("version_match_type") ?? "exact";
        var pkg = PackagesGate.DistroPackages(context).FirstOrDefault(p => p.Name == name);
        if (pkg is null)
        {
            yield return new TriggerFire(version is null
                ? Format(name)
                : $"Required input package ({name},{version}) is not present in container image") { Subject = name, PackageName = name };
            yield break;
        }

        if (version is null || pkg.Version == version)
        {
            yield break;
        }

        if (comparison == "exact")
        {
            // Anchore prints the name where the wanted version belongs; kept so trigger ids match.
            yield return PackagesGate.FireFor($"Required input package ({pkg.Name}) is present ({pkg.Version}), but not at the version specified in policy ({name})", pkg);
        }
        else if (VersionOrder.Compare(pkg.Type, pkg.Version, version) < 0)
        {
            yield return PackagesGate.FireFor($"Required min-version input package ({pkg.Name}) is present ({pkg.Version}), but is lower version than what is specified in policy ({version})", pkg);
        }
    }
}
