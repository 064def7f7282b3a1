using Tollgate.Analysis.Model;
using Tollgate.Policy.Gates.PackageFeeds;

namespace Tollgate.Policy.Gates.Npms;

public sealed class NpmsGate() : FeedEcosystemGate(Npm)
{
    private static readonly FeedEcosystem Npm = new()
    {
        PackageType = PackageTypes.Npm,
        Feed = input => input.PackageFeeds?.Npm,
        NewerVersion = ("newer_version_in_feed", "Triggers if an installed NPM is not the latest version according to NPM data feed.",
            "NPMNOTLATEST Package ({0}) version ({1}) installed but is not the latest version ({2})"),
        Unknown = ("unknown_in_feeds", "Triggers if an installed NPM is not in the official NPM database, according to NPM data feed.",
            "NPMNOTOFFICIAL Package ({0}) in container but not in official NPM feed."),
        BadVersion = ("version_not_in_feeds", "Triggers if an installed NPM version is not listed in the official NPM feed as a valid version.",
            "NPMBADVERSION Package ({0}) version ({1}) installed but version is not in the official feed for this package ({2})"),
        Blacklist = ("blacklisted_name_version", "Triggers if the evaluated image has an NPM package installed that matches the name and optionally a version specified in the parameters.",
            "NPM Package is blacklisted: {0}", "Npm package name to blacklist.", "Npm package version to blacklist specifically."),
        FeedUnavailable = ("Triggers if the engine does not have access to the NPM data feed.",
            "NPM packages are present but the anchore npm feed is not available - will be unable to perform checks that require feed data"),
    };

    public override string Name => "npms";
    public override string Description => "NPM Checks";
}
