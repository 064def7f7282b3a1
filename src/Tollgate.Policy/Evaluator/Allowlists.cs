using Tollgate.Policy.Bundles;

namespace Tollgate.Policy.Evaluator;

/// <summary>Whitelist (allowlist) matching: Anchore's gate + trigger_id rule, plus Tollgate's package/version/path scoping.</summary>
public static class Allowlists
{
    /// <summary>The first unexpired item, in whitelist order, that covers the finding.</summary>
    public static AllowlistMatch? Match(IEnumerable<Whitelist> whitelists, Finding finding, DateTimeOffset now)
    {
        foreach (var w in whitelists)
        {
            foreach (var item in w.Items)
            {
                if (Covers(item, finding, now))
                {
                    return new AllowlistMatch(w.Id, w.Name, item.Id, item.TriggerId)
                    {
                        Reason = item.Reason ?? item.Comment,
                        Owner = item.Owner,
                        ExpiresOn = item.ExpiresOn,
                    };
                }
            }
        }

        return null;
    }

    public static bool Covers(WhitelistItem item, Finding finding, DateTimeOffset now)
    {
        if (item.ExpiresAt is { } expires && now >= expires)
        {
            return false;
        }

        if (!string.Equals(item.Gate.Trim(), finding.Gate, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var id = item.TriggerId;
        var idMatches = id == finding.TriggerId || id == finding.StableId
                        || Selectors.GlobMatches(id, finding.TriggerId) || Selectors.GlobMatches(id, finding.StableId);
        if (!idMatches)
        {
            return false;
        }

        // Tollgate's scoping: an exception may be limited to one package, one version, or some paths.
        return (item.Package is null || item.Package == finding.PackageName)
               && (item.PackageVersion is null || item.PackageVersion == finding.PackageVersion)
               && (item.Path is null || (finding.Path is not null && Selectors.GlobMatches(item.Path, finding.Path)));
    }

    /// <summary>Items with an expiry inside the window (or already past), soonest first.</summary>
    public static IReadOnlyList<ExpiringException> Expiring(IEnumerable<Whitelist> whitelists, DateTimeOffset now, int withinDays) =>
        whitelists
            .SelectMany(w => w.Items.Where(i => i.ExpiresAt is { } e && e <= now.AddDays(withinDays)).Select(i => new ExpiringException
            {
                WhitelistId = w.Id,
                WhitelistName = w.Name,
                ItemId = i.Id,
                Gate = i.Gate,
                TriggerId = i.TriggerId,
                ExpiresOn = i.ExpiresAt!.Value,
                DaysLeft = (int)Math.Floor((i.ExpiresAt!.Value - now).TotalDays),
                Expired = now >= i.ExpiresAt!.Value,
                Reason = i.Reason ?? i.Comment,
                Owner = i.Owner,
            }))
            .OrderBy(e => e.ExpiresOn)
            .ToList();
}
