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
    private readonly Dictionary<string, string[]?> _closures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RecordSummary>?> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KevEntry?> _kev = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EpssScore?> _epss = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Problem> _problems = new(StringComparer.Ordinal);

    /// <summary>
    /// Loads, in a handful of set queries, everything <see cref="Merge"/> will ask about these candidate ids:
    /// the ids of the same problem (worked out when the DB was built), every record's metadata, and KEV/EPSS of
    /// every CVE. Ids already loaded in this run are not asked again.
    /// </summary>
    public void Prefetch(IEnumerable<string> candidateIds)
    {
        var ids = candidateIds.ToHashSet(StringComparer.Ordinal);
        Load(_closures, ids, db.Problems, null);
        var all = new HashSet<string>(ids, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            all.UnionWith(ClosureOf(id));
        }

        Load(_records, all, db.RecordSummaries, []);
        var cves = all.Where(IsCve).ToList();
        Load(_kev, cves, db.Kev, null);
        Load(_epss, cves, db.Epss, null);
    }

    public IReadOnlyList<VulnerabilityMatch> Merge(Package package, IReadOnlyList<Candidate> candidates)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var groups = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var related = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var problem = ProblemOf(c.Id);
            foreach (var key in problem.Keys)
            {
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                    related[key] = new HashSet<string>(StringComparer.Ordinal);
                }

                list.Add(c);

                // Other CVEs of a multi-CVE record are distinct problems, not aliases of this one.
                related[key].UnionWith(problem.NotCves);
                related[key].Add(key);
            }
        }

        var rows = new List<VulnerabilityMatch>(groups.Count);
        foreach (var (key, group) in groups)
        {
            rows.Add(Row(package, key, group, related[key]));
        }

        return rows;
    }

    /// <summary>
    /// The problems one record speaks of (its CVEs; else its first GHSA; else its own id) and its ids that are not
    /// CVEs, from its closure (<see cref="ProblemTable"/>). Cached: the same record matches many packages.
    /// </summary>
    private Problem ProblemOf(string id)
    {
        if (_problems.TryGetValue(id, out var problem))
        {
            return problem;
        }

        var ids = ClosureOf(id);
        var keys = ids.Where(IsCve).ToList();
        if (keys.Count == 0)
        {
            keys.Add(ids.Where(IsGhsa).Order(StringComparer.Ordinal).FirstOrDefault() ?? id);
        }

        return _problems[id] = new Problem(keys, ids.Where(i => !IsCve(i)).ToList());
    }

    /// <summary>The record's own id and every id of the same problem; just the id for an id that is no record's.</summary>
    private string[] ClosureOf(string id) => Cached(_closures, id, db.Problems, null) ?? [id];

    private sealed record Problem(List<string> Keys, List<string> NotCves);

    private VulnerabilityMatch Row(Package package, string key, List<Candidate> group, HashSet<string> ids)
    {
        var records = RecordsFor(group, ids);
        var distro = DistroCandidate(group);
        var best = group.Find(c => c.Query.MatchedBy == "package") ?? group[0];
        var fixedIn = group.Count == 1 ? group[0].FixedIn : group.SelectMany(c => c.FixedIn).Distinct().ToList();
        var fixState = fixedIn.Count > 0 ? FixStates.Fixed
            : group.Exists(c => c.FixState == FixStates.WontFix) ? FixStates.WontFix
            : group.TrueForAll(c => c.FixState == FixStates.Unknown) ? FixStates.Unknown // under investigation
            : FixStates.NotFixed;

        var (severity, severitySource) = Severity(group, records, distro);
        var scored = records.Find(r => r.CvssScore is not null && r.Source != "nvd") ?? records.Find(r => r.CvssScore is not null);

        // The row's only CVE is its key: other CVEs of its records are rows of their own.
        var kev = IsCve(key) ? Cached(_kev, key, db.Kev, null) : null;
        var epss = IsCve(key) ? Cached(_epss, key, db.Epss, null) : null;
        return new VulnerabilityMatch
        {
            Id = key,
            Aliases = Aliases(ids, key),
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
            Title = records.Find(r => !string.IsNullOrWhiteSpace(r.Summary))?.Summary,
            Urls = FirstUrls(records, 10),
            Published = records.Find(r => r.Published is not null)?.Published,
            Locations = package.Locations,
        };
    }

    /// <summary>The records that matched first (their summary and links speak of this package), then the others by id.</summary>
    private List<RecordSummary> RecordsFor(List<Candidate> group, HashSet<string> ids)
    {
        var records = new List<RecordSummary>();
        var seen = new List<string>(group.Count); // a handful of ids: a list beats a set here
        foreach (var c in group)
        {
            if (!seen.Contains(c.Id))
            {
                seen.Add(c.Id);
                records.AddRange(Records(c.Id));
            }
        }

        if (ids.Count > seen.Count)
        {
            var others = ids.Where(id => !seen.Contains(id)).ToList();
            others.Sort(StringComparer.Ordinal);
            foreach (var id in others)
            {
                records.AddRange(Records(id));
            }
        }

        return records;
    }

    private static List<string> Aliases(HashSet<string> ids, string key)
    {
        var list = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (id != key)
            {
                list.Add(id);
            }
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static List<string> FirstUrls(List<RecordSummary> records, int max)
    {
        var urls = new List<string>(max);
        foreach (var record in records)
        {
            foreach (var url in record.Urls)
            {
                if (urls.Count == max)
                {
                    return urls;
                }

                if (!urls.Contains(url))
                {
                    urls.Add(url);
                }
            }
        }

        return urls;
    }

    /// <summary>The first candidate from a distro's own namespace ("debian:12"), if any.</summary>
    private static Candidate? DistroCandidate(List<Candidate> group)
    {
        foreach (var c in group)
        {
            if (c.Query.Namespace.Contains(':') && c.Query.Namespace != Namespaces.Nvd)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Vendor first for distro packages (they rate their own build), then advisory CVSS/word, then NVD.</summary>
    private static (string Severity, string? Source) Severity(List<Candidate> group, List<RecordSummary> records, Candidate? distro)
    {
        if (distro is not null && group.Find(c => c.VendorSeverity is not null && c.VendorSeverity != Severities.Unknown) is { } vendor)
        {
            var ns = distro.Query.Namespace;
            return (vendor.VendorSeverity!, ns[..ns.IndexOf(':')]);
        }

        var fromRecord = records.Find(r => r.Severity is not null && r.Source != "nvd") ?? records.Find(r => r.Severity is not null && r.Source == "nvd");
        if (fromRecord is not null)
        {
            return (fromRecord.Severity!, fromRecord.SeveritySource ?? fromRecord.Source);
        }

        return group.Find(c => c.VendorSeverity is not null) is { } any ? (any.VendorSeverity!, "vendor") : (Severities.Unknown, null);
    }

    private static bool IsCve(string id) => ProblemTable.IsCve(id);

    private static bool IsGhsa(string id) => ProblemTable.IsGhsa(id);

    private List<RecordSummary> Records(string id) => Cached(_records, id, db.RecordSummaries, [])!;

    /// <summary>Fetches the ids not cached yet in one batch; ids the DB does not have are cached as <paramref name="absent"/>.</summary>
    private static void Load<T>(Dictionary<string, T?> cache, IEnumerable<string> ids, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, T>> fetch, T? absent)
        where T : class
    {
        var missing = ids.Where(id => !cache.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var found = fetch(missing);
        foreach (var id in missing)
        {
            cache[id] = found.GetValueOrDefault(id) ?? absent;
        }
    }

    /// <summary>A cached value, fetched alone when <see cref="Prefetch"/> did not cover it.</summary>
    private static T? Cached<T>(Dictionary<string, T?> cache, string id, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, T>> fetch, T? absent)
        where T : class
    {
        if (cache.TryGetValue(id, out var value))
        {
            return value;
        }

        Load(cache, [id], fetch, absent);
        return cache[id];
    }
}
