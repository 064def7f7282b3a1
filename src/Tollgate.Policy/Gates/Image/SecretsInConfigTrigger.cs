using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Image;

public sealed class SecretsInConfigTrigger : Trigger
{
    public override string Name => "secrets_in_config";
    public override string Description => "Fires for each secret found in the image config or build history (ENV, LABEL, build args, RUN lines).";
    public override string MessageTemplate => "Secret {0} found in {1} {2}: {3}";
    public override string Remediation => "Pass secrets at run time (mounted files, a secrets manager) or with BuildKit --secret; never ENV, ARG or LABEL. Rotate the exposed value.";
    public override ControlRefs Controls => ControlRefs.Of("CM-6 b", "CCI-000366", "SRG-APP-000516-CTR-001325");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var s in context.Analysis.Secrets.Where(s => s.Kind is "env" or "label" or "history"))
        {
            yield return new TriggerFire(Format(s.Title, s.Kind, s.Where, s.Redacted)) { Subject = $"{s.Kind}:{s.Where}#{s.RuleId}", Layer = s.Layer };
        }
    }
}
