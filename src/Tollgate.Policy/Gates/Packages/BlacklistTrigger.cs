using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Packages;

public sealed class BlacklistTrigger : Trigger
{
    public override string Name => "blacklist";
    public override string Description => "Triggers if the evaluated image has a package installed that matches the named package optionally with a specific version as well.";
    public override string MessageTemplate => "Package is blacklisted: {0}";
    public override string Remediation => "Remove the package from the image (apt-get purge / dnf remove / apk del in the same layer).";
    public override ControlRefs Controls => ControlRefs.Of("CM-7 a", "CCI-000381", "SRG-APP-000141-CTR-000315");

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.Str("name", "Package name to blacklist.", required: true, example: "openssh-server"),
        TriggerParameter.Str("version", "Specific version of package to blacklist.", example: "1.0.1"),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var name = args.String("name");
        var version = args.String("version");
        foreach (var p in PackagesGate.DistroPackages(context))
        {
            if (p.Name != name || (!string.IsNullOrEmpty(version) && p.Version != version))
            {
                continue;
            }

            yield return PackagesGate.FireFor(Format(string.IsNullOrEmpty(version) ? p.Name : p.Name + "-" + p.Version), p);
        }
    }
}
