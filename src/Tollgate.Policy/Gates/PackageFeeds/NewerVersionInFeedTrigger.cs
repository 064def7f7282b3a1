using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PackageFeeds;

public sealed class NewerVersionInFeedTrigger(FeedEcosystem eco) : Trigger
{
    public override string Name => eco.NewerVersion.Name;
    public override string Description => eco.NewerVersion.Description;
    public override string MessageTemplate => eco.NewerVersion.Message;
    public override string Remediation => "Upgrade the package to the latest version.";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var (name, versions, known) in eco.InstalledAndKnown(context))
        {
            foreach (var v in versions.Where(v => v.Length > 0 && v != known.Latest))
            {
                yield return new TriggerFire(Format(name, v, known.Latest)) { Subject = $"{name}@{v}", PackageName = name, PackageVersion = v };
            }
        }
    }
}
