using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PackageFeeds;

public sealed class BlacklistedPackageTrigger(FeedEcosystem eco) : Trigger
{
    public override string Name => eco.Blacklist.Name;
    public override string Description => eco.Blacklist.Description;
    public override string MessageTemplate => eco.Blacklist.Message;
    public override string Remediation => "Remove the package (or the version) from the image.";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.Str("name", eco.Blacklist.NameParam, required: true, example: "time_diff"),
        TriggerParameter.Str("version", eco.Blacklist.VersionParam, example: "0.2.9"),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var name = args.String("name")!;
        var version = args.String("version");
        if (!eco.Installed(context).TryGetValue(name, out var versions))
        {
            yield break;
        }

        if (string.IsNullOrEmpty(version))
        {
            yield return new TriggerFire(Format(name)) { Subject = name, PackageName = name };
        }
        else if (versions.Contains(version))
        {
            yield return new TriggerFire(Format(name + "-" + version)) { Subject = $"{name}@{version}", PackageName = name, PackageVersion = version };
        }
    }
}
