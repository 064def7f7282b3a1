namespace Tollgate.Policy.Bundles;

/// <summary>The key names that differ between the two layouts; everything else is spelled the same.</summary>
public sealed record BundleKeys(
    string Policies,
    string Whitelists,
    string PolicyIds,
    string WhitelistIds,
    string WhitelistedImages,
    string BlacklistedImages,
    string DefaultVersion)
{
    public static readonly BundleKeys V1 = new("policies", "whitelists", "policy_ids", "whitelist_ids", "whitelisted_images", "blacklisted_images", "1_0");
    public static readonly BundleKeys V2 = new("rule_sets", "allowlists", "rule_set_ids", "allowlist_ids", "allowlisted_images", "denylisted_images", "2");

    public static BundleKeys For(BundleFormat format) => format == BundleFormat.V1 ? V1 : V2;
}
