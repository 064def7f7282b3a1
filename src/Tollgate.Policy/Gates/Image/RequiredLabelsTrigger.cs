using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class RequiredLabelsTrigger : Trigger
{
    private static readonly string[] Placeholders = ["", "FIXME", "TODO", "TBD", "CHANGEME"];

    public override string Name => "required_labels";
    public override string Description => "Fires for each required label missing from the image config, or set to a placeholder (empty, FIXME, TODO, TBD).";
    public override string MessageTemplate => "Required label {0} is {1}";
    public override string Remediation => "Set the label at build time (LABEL or --label, or Iron Bank's hardening_manifest.yaml labels).";
    public override ControlRefs Controls => ControlRefs.Of("CM-8", "CCI-000389");

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
        [TriggerParameter.List("labels", "Labels that must be set.", required: true, example: "org.opencontainers.image.title,org.opencontainers.image.version")];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var labels = context.Analysis.Image.Config.Labels;
        foreach (var name in args.List("labels"))
        {
            if (!labels.TryGetValue(name, out var value))
            {
                yield return new TriggerFire(Format(name, "missing")) { Subject = name };
            }
            else if (Placeholders.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                yield return new TriggerFire(Format(name, $"set to placeholder '{value}'")) { Subject = name };
            }
        }
    }
}
