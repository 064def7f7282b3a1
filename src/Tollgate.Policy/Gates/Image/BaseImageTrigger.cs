using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class BaseImageTrigger : Trigger
{
    public override string Name => "base_image";
    public override string Description => "Fires when the base image is unknown, not in the approved list (globs on its name), or (require_digest=true) not pinned by digest.";
    public override string MessageTemplate => "Base image {0}";
    public override string Remediation => "Build FROM an approved base pinned by digest (FROM registry1.dso.mil/ironbank/...@sha256:...) and keep the base.name/base.digest annotations.";
    public override ControlRefs Controls => new() { Nist = ["SC-8(2)", "IA-5(2)(a)"], Cci = ["CCI-002422", "CCI-000185"], Srg = ["SRG-APP-000131-CTR-000285"] };

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.List("allowed", "Approved base image names (globs, '*' matches anything).", example: "registry1.dso.mil/ironbank/*"),
        TriggerParameter.Bool("require_digest", "Also fire when the base image digest is not known."),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var base_ = context.Analysis.Facts?.BaseImage;
        if (base_ is null)
        {
            yield return new TriggerFire(Format("is not known (no base annotation, label or history evidence)")) { Subject = "unknown" };
            yield break;
        }

        var name = base_.Name ?? base_.Digest ?? "unknown";
        var allowed = args.List("allowed");
        if (allowed.Count > 0 && (base_.Name is null || !allowed.Any(g => Selectors.GlobMatches(g, base_.Name))))
        {
            yield return new TriggerFire(Format($"{name} is not in the approved list")) { Subject = name };
        }

        if (args.Bool("require_digest") == true && string.IsNullOrEmpty(base_.Digest))
        {
            yield return new TriggerFire(Format($"{name} is not pinned by digest")) { Subject = name + "#digest" };
        }
    }
}
