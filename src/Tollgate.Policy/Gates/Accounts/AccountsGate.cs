namespace Tollgate.Policy.Gates.Accounts;

/// <summary>Tollgate's own account hygiene checks (dockle's DKL-LI-0001/0002, extra UID-0 accounts).</summary>
public sealed class AccountsGate : Gate
{
    public override string Name => "accounts";
    public override string Description => "Tollgate checks on /etc/passwd, /etc/group and /etc/shadow: extra UID 0 accounts, empty passwords, duplicate ids.";
    public override bool IsExtension => true;
    public override IReadOnlyList<Trigger> Triggers { get; } = [new Uid0AccountsTrigger(), new EmptyPasswordsTrigger(), new DuplicateIdsTrigger()];
}
