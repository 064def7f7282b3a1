namespace Tollgate.Policy.Gates.Always;

public sealed class AlwaysGate : Gate
{
    public override string Name => "always";
    public override string Description => "Triggers that fire unconditionally if present in policy, useful for things like testing and blacklisting.";
    public override IReadOnlyList<Trigger> Triggers { get; } = [new AlwaysTrigger()];
}
