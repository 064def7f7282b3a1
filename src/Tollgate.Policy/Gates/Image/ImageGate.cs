namespace Tollgate.Policy.Gates.Image;

/// <summary>Tollgate's own checks on how the image runs and how it was made (not in Anchore Engine).</summary>
public sealed class ImageGate : Gate
{
    public override string Name => "image";
    public override string Description => "Tollgate checks on the image configuration and provenance: user, ports, health check, labels, tag, base image, secrets in config, file capabilities.";
    public override bool IsExtension => true;

    public override IReadOnlyList<Trigger> Triggers { get; } =
    [
        new RunsAsRootTrigger(), new PrivilegedPortsTrigger(), new HealthcheckMissingTrigger(), new RequiredLabelsTrigger(),
        new TagLatestTrigger(), new BaseImageTrigger(), new SecretsInConfigTrigger(), new FileCapabilitiesTrigger(),
    ];
}
