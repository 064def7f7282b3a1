namespace Tollgate.Policy.Gates.PackageFeeds;

/// <summary>
/// Anchore's npms and ruby_gems gates: the same five triggers over a different package feed, so a gate here is only its
/// name and its ecosystem's wording (<see cref="FeedEcosystem"/>).
/// </summary>
public abstract class FeedEcosystemGate(FeedEcosystem ecosystem) : Gate
{
    public sealed override IReadOnlyList<Trigger> Triggers { get; } =
    [
        new NewerVersionInFeedTrigger(ecosystem), new UnknownInFeedTrigger(ecosystem), new VersionNotInFeedTrigger(ecosystem),
        new BlacklistedPackageTrigger(ecosystem), new FeedDataUnavailableTrigger(ecosystem),
    ];
}
