using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Accounts;

public sealed class Uid0AccountsTrigger : Trigger
{
    public override string Name => "uid0_accounts";
    public override string Description => "Fires for each account other than root with UID 0.";
    public override string MessageTemplate => "Account {0} has UID 0";
    public override string Remediation => "Remove the account or give it a non-zero UID.";
    public override ControlRefs Controls => ControlRefs.Of("AC-6(10)", "CCI-002235");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        foreach (var user in context.Analysis.Accounts?.UidZeroUsers.Where(u => u != "root") ?? [])
        {
            yield return new TriggerFire(Format(user)) { Subject = user, Path = "/etc/passwd" };
        }
    }
}
