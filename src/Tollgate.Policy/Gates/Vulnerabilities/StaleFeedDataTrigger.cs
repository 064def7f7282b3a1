using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Vulnerabilities;

public sealed class StaleFeedDataTrigger : Trigger
{
    public override string Name => "stale_feed_data";
    public override string Description => "Triggers if the CVE data for the image's distro is older than the window specified by the parameter MAXAGE (unit is number of days).";
    public override string MessageTemplate => "The vulnerability feed for this image distro is older than MAXAGE ({0}) days";
    public override string Remediation => "Update the vulnerability database (tollgate db update) and evaluate again.";
    public override ControlRefs Controls => new() { Nist = ["RA-5", "SI-2 c"], Cci = ["CCI-002605"], Srg = ["SRG-APP-000516-CTR-001335"] };

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
        [TriggerParameter.Int("max_days_since_sync", "Fire the trigger if the last sync was more than this number of days ago.", required: true, example: "10")];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var maxDays = args.Int("max_days_since_sync") ?? 0;
        var oldest = LastUpdate(context);
        if (oldest is null || oldest < context.Now.AddDays(-maxDays))
        {
            yield return new TriggerFire(Format(maxDays)) { Subject = "feed" };
        }
    }

    /// <summary>The last sync of the feed covering the image's distro, else the database build time.</summary>
    private static DateTimeOffset? LastUpdate(TriggerContext context)
    {
        if (context.Input.Vulnerabilities?.Database is not { } db)
        {
            return null;
        }

        var distro = context.Analysis.Distro?.Id;
        var source = distro is null ? null : db.Sources.FirstOrDefault(s => s.Name.Contains(distro, StringComparison.OrdinalIgnoreCase) && s.LastSync is not null);
        return source?.LastSync ?? db.BuiltAt ?? db.Sources.Where(s => s.LastSync is not null).Min(s => s.LastSync);
    }
}
