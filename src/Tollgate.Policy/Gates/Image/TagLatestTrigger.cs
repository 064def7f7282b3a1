using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class TagLatestTrigger : Trigger
{
    public override string Name => "tag_latest";
    public override string Description => "Fires when the evaluated tag is 'latest' (or the image has no other tag).";
    public override string MessageTemplate => "Image is tagged 'latest' ({0})";
    public override string Remediation => "Tag releases with an immutable version (1.4.2) and deploy by digest.";
    public override ControlRefs Controls => ControlRefs.Of("SI-2(6)", "CCI-002617", "SRG-APP-000454-CTR-001110");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var tag = context.Input.Tag;
        var evaluated = tag is null ? null : ImageReference.Parse(tag).Tag;
        var tags = context.Analysis.Image.Tags.Select(t => t.Contains(':') ? ImageReference.Parse(t).Tag : t).ToList();
        if (evaluated == "latest" || (evaluated is null && tags.Count > 0 && tags.All(t => t == "latest")))
        {
            yield return new TriggerFire(Format(tag ?? "latest")) { Subject = "latest" };
        }
    }
}
