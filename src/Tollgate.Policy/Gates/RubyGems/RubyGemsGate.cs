using Tollgate.Analysis.Model;
using Tollgate.Policy.Gates.PackageFeeds;

namespace Tollgate.Policy.Gates.RubyGems;

public sealed class RubyGemsGate() : FeedEcosystemGate(Gem)
{
    private static readonly FeedEcosystem Gem = new()
    {
        PackageType = PackageTypes.Gem,
        Feed = input => input.PackageFeeds?.Gem,
        NewerVersion = ("newer_version_found_in_feed", "Triggers if an installed GEM is not the latest version according to GEM data feed.",
            "Package ({0}) version ({1}) installed but is not the latest version ({2})"),
        Unknown = ("not_found_in_feed", "Triggers if an installed GEM is not in the official GEM database, according to GEM data feed.",
            "GEMNOTOFFICIAL Package ({0}) in container but not in official GEM feed."),
        BadVersion = ("version_not_found_in_feed", "Triggers if an installed GEM version is not listed in the official GEM feed as a valid version.",
            "GEMBADVERSION Package ({0}) version ({1}) installed but version is not in the official feed for this package ({2})"),
        Blacklist = ("blacklist", "Triggers if the evaluated image has a GEM package installed that matches the specified name and version.",
            "Gem Package is blacklisted: {0}", "Gem name to blacklist.", "Optional version to blacklist specifically."),
        FeedUnavailable = ("Triggers if anchore does not have access to the GEM data feed.",
            "Gem packages are present but the anchore gem feed is not available - will be unable to perform checks that require feed data"),
    };

    public override string Name => "ruby_gems";
    public override string Description => "Ruby Gem Checks";
}
