using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Accounts;

public sealed class EmptyPasswordsTrigger : Trigger
{
    public override string Name => "empty_passwords";
    public override string Description => "Fires for each account whose password field in /etc/shadow is empty (dockle DKL-LI-0001).";
    public override string MessageTemplate => "Account {0} has an empty password";
    public override string Remediation => "Lock the account (passwd -l, or '!' in /etc/shadow).";
    public override ControlRefs Controls => ControlRefs.Of("IA-5(1)(a)", "CCI-000192");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var user in context.Analysis.Accounts?.EmptyPasswordUsers ?? [])
        {
            yield return new TriggerFire(Format(user)) { Subject = user, Path = "/etc/shadow" };
        }
    }
}
