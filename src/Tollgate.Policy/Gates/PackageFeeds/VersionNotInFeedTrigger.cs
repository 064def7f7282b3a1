using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates.Vulnerabilities;

namespace Tollgate.Policy.Gates.PackageFeeds;

public sealed class VersionNotInFeedTrigger(FeedEcosystem eco) : Trigger
{
    public override string Name => eco.BadVersion.Name;
    public override string Description => eco.BadVersion.Description;
    public override string MessageTemplate => eco.BadVersion.Message;
    public override string Remediation => "Install a released version of the package from the official registry.";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var (name, versions, known) in eco.InstalledAndKnown(context))
        {
            foreach (var v in versions.Distinct().Where(v => !known.Versions.Contains(v)))
            {
                yield return new TriggerFire(Format(name, v, VulnerabilitiesGate.PyList(known.Versions))) { Subject = $"{name}@{v}", PackageName = name, PackageVersion = v };
            }
        }
    }
}
