using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Packages;

public sealed class PackagesGate : Gate
{
    public override string Name => "packages";
    public override string Description => "Distro package checks";
    public override IReadOnlyList<Trigger> Triggers { get; } = [new RequiredPackageTrigger(), new VerifyTrigger(), new BlacklistTrigger()];

    /// <summary>Anchore's packages gate reads distro packages only (dpkg, rpm, apk).</summary>
    internal static IReadOnlyList<Package> DistroPackages(TriggerContext context) =>
        context.Prepared("packages.distro", c => (IReadOnlyList<Package>)c.Analysis.Packages.Where(p => PackageTypes.IsOs(p.Type)).ToList());

    internal static TriggerFire FireFor(string message, Package p) => new(message)
    {
        Subject = $"{p.Name}@{p.Version}",
        PackageName = p.Name,
        PackageVersion = p.Version,
        Path = p.Locations.FirstOrDefault()?.Path,
        Layer = p.Locations.FirstOrDefault()?.Layer,
    };
}
