using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PackageFeeds;

public sealed class UnknownInFeedTrigger(FeedEcosystem eco) : Trigger
{
    public override string Name => eco.Unknown.Name;
    public override string Description => eco.Unknown.Description;
    public override string MessageTemplate => eco.Unknown.Message;
    public override string Remediation => "Use packages from the official registry.";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (eco.Matched(context) is not { } feed)
        {
            yield break;
        }

        foreach (var name in eco.Installed(context).Keys.Where(n => !feed.ContainsKey(n)))
        {
            yield return new TriggerFire(Format(name)) { Subject = name, PackageName = name };
        }
    }
}
