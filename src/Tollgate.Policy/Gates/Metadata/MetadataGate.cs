namespace Tollgate.Policy.Gates.Metadata;

public sealed class MetadataGate : Gate
{
    public override string Name => "metadata";
    public override string Description => "Checks against image metadata, such as size, OS, distro, architecture, etc.";
    public override IReadOnlyList<Trigger> Triggers { get; } = [new AttributeTrigger()];
}
