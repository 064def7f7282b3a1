using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Always;

public sealed class AlwaysTrigger : Trigger
{
    public override string Name => "always";
    public override string Description => "Fires if present in a policy being evaluated. Useful for things like blacklisting images or testing mappings and whitelists by using this trigger in combination with policy mapping rules.";
    public override string MessageTemplate => "Unconditional trigger match";
    public override string Remediation => "This rule fires on every image it is mapped to; change the mapping or remove the rule.";

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        yield return new TriggerFire(MessageTemplate) { InstanceId = "always", Subject = "always" };
    }
}
