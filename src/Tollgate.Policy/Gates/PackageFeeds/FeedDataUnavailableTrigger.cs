using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PackageFeeds;

/// <summary>Fires whenever the feed is missing (Anchore does not look at whether such packages exist, despite the wording).</summary>
public sealed class FeedDataUnavailableTrigger(FeedEcosystem eco) : Trigger
{
    public override string Name => "feed_data_unavailable";
    public override string Description => eco.FeedUnavailable.Description;
    public override string MessageTemplate => eco.FeedUnavailable.Message;
    public override string Remediation => "Provide the package feed, or drop rules that need it.";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        if (eco.Feed(context.Input) is null)
        {
            yield return new TriggerFire(MessageTemplate) { Subject = eco.PackageType + "-feed" };
        }
    }
}
