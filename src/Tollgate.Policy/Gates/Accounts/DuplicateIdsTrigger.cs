using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Accounts;

public sealed class DuplicateIdsTrigger : Trigger
{
    public override string Name => "duplicate_ids";
    public override string Description => "Fires for each UID used by several accounts and each GID used by several groups (dockle DKL-LI-0002).";
    public override string MessageTemplate => "{0} {1} is used more than once in {2}";
    public override string Remediation => "Give every account and group its own id.";
    public override ControlRefs Controls => ControlRefs.Of("IA-2", "CCI-000764");

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var accounts = context.Analysis.Accounts;
        foreach (var uid in accounts?.DuplicateUids ?? [])
        {
            yield return new TriggerFire(Format("UID", uid, "/etc/passwd")) { Subject = "uid:" + uid, Path = "/etc/passwd" };
        }

        foreach (var gid in accounts?.DuplicateGids ?? [])
        {
            yield return new TriggerFire(Format("GID", gid, "/etc/group")) { Subject = "gid:" + gid, Path = "/etc/group" };
        }
    }
}
