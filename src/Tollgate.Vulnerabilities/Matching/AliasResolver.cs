using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Matching;

/// <summary>
/// Turns candidate records into rows: one per problem per package. A problem is keyed by its CVE (a DSA naming
/// five CVEs contributes to five rows), else by its GHSA, else by the record's own id. Severity comes from the
/// distro for distro packages, else from the advisory's CVSS or word, else from NVD; KEV and EPSS by CVE.
/// </summary>
internal sealed class AliasResolver(VulnDb db)
{
    private readonly Dictionary<string, IReadOnlyList<string>> _aliasCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Advisory>> _recordCache = new(StringComparer.Ordinal);

    public IEnumerable<VulnerabilityMatch> Merge(Package package, IReadOnlyList<Candidate> candidates)
    {
        var groups = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var related = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var ids = AliasesOf(c.Id).Append(c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var ghsa in ids.Where(i => i.StartsWith("GHSA-", StringComparison.Ordinal)).ToList())
            {
                ids.UnionWith(AliasesOf(ghsa));
            }

            var cves = ids.Where(IsCve).ToList();
            IEnumerable<string> keys = cves.Count > 0 ? cves
                : ids.Where(i => i.StartsWith("GHSA-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(1).DefaultIfEmpty(c.Id);
            foreach (var key in keys)
            {
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                    related[key] = new HashSet<string>(StringComparer.Ordinal);
                }

                list.Add(c);

                // Other CVEs of a multi-CVE record are distinct problems, not aliases of this one.
                related[key].UnionWith(ids.Where(i => !IsCve(i) || i == key));
            }
        }

        foreach (var (key, group) in groups)
        {
            yield return Row(package, key, group, related[key]);
        }
    }

    private VulnerabilityMatch Row(Package package, string key, List<Candidate> group, HashSet<string> ids)
    {
        var records = ids.Append(key).Distinct().SelectMany(Records).ToList();
        var distro = group.FirstOrDefault(c => c.Query.Namespace.Contains(':') && c.Query.Namespace != Namespaces.Nvd);
        var best = group.OrderBy(c => c.Query.MatchedBy == "package" ? 0 : 1).First();
        var fixedIn = group.SelectMany(c => c.FixedIn).Distinct().ToList();
        var fixState = fixedIn.Count > 0 ? FixStates.Fixed
            : group.Any(c => c.FixState == FixStates.WontFix) ? FixStates.WontFix
            : FixStates.NotFixed;

        var (severity, severitySource) = Severity(group, records, distro);
        var scored = records.FirstOrDefault(r => r.CvssScore is not null && r.Source != "nvd") ?? records.FirstOrDefault(r => r.CvssScore is not null);
        var cves = ids.Where(IsCve).Append(key).Where(IsCve).Distinct().ToList();
        var kev = cves.Select(db.Kev).FirstOrDefault(k => k is not null);
        var epss = cves.Select(db.Epss).FirstOrDefault(e => e is not null);
        return new VulnerabilityMatch
        {
            Id = key,
            Aliases = ids.Where(i => i != key).Order(StringComparer.Ordinal).ToList(),
            PackageId = package.Id,
            PackageName = package.Name,
            PackageVersion = package.Version,
            PackageType = package.Type,
            Purl = package.Purl,
            Severity = severity,
            SeveritySource = severitySource,
            CvssScore = scored?.CvssScore,
            CvssVector = scored?.CvssVector,
            FixState = fixState,
            FixedIn = fixedIn,
            KnownExploited = kev is not null,
            Epss = epss?.Score,
            EpssPercentile = epss?.Percentile,
            Namespace = best.Query.Namespace,
            MatchedBy = best.Query.MatchedBy,
            Title = records.Select(r => r.Summary).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
            Urls = records.SelectMany(r => r.Urls).Distinct().Take(10).ToList(),
            Published = records.Select(r => r.Published).FirstOrDefault(p => p is not null),
            Locations = package.Locations,
        };
    }

    /// <summary>Vendor first for distro packages (they rate their own build), then advisory CVSS/word, then NVD.</summary>
    private static (string Severity, string? Source) Severity(List<Candidate> group, List<Advisory> records, Candidate? distro)
    {
        if (distro is not null && group.Select(c => c.VendorSeverity).FirstOrDefault(s => s is not null && s != Severities.Unknown) is { } vendor)
        {
            return (vendor, distro.Query.Namespace.Split(':')[0]);
        }

        var fromRecord = records.Where(r => r.Severity is not null && r.Source != "nvd").Concat(records.Where(r => r.Severity is not null && r.Source == "nvd")).FirstOrDefault();
        if (fromRecord is not null)
        {
            return (fromRecord.Severity!, fromRecord.SeveritySource ?? fromRecord.Source);
        }

        return group.Select(c => c.VendorSeverity).FirstOrDefault(s => s is not null) is { } any ? (any, "vendor") : (Severities.Unknown, null);
    }

    private static bool IsCve(string id) => id.StartsWith("CVE-", StringComparison.Ordinal);

    private IReadOnlyList<string> AliasesOf(string id)
    {
        if (!_aliasCache.TryGetValue(id, out var list))
        {
            _aliasCache[id] = list = db.AliasesOf(id);
        }

        return list;
    }

    private IReadOnlyList<Advisory> Records(string id)
    {
        if (!_recordCache.TryGetValue(id, out var list))
        {
            _recordCache[id] = list = db.Vulnerability(id);
        }

        return list;
    }
}
