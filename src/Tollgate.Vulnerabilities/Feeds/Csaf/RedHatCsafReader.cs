using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Scoring;

namespace Tollgate.Vulnerabilities.Feeds.Csaf;

/// <summary>
/// CSAF 2.0 documents (Red Hat's RHSA security advisories and per-CVE VEX files) as advisories for RPM packages
/// on RHEL releases: each product status (fixed / known_not_affected / known_affected / under_investigation) of
/// an rpm package on an Enterprise Linux platform becomes that package's state in "rhel:N". Statuses of other
/// products (EUS/AUS minor-release streams, layered products, products without an rpm purl) are counted and
/// reported, not guessed at.
/// </summary>
public sealed partial class RedHatCsafReader : IFeedReader
{
    public const string Source = "redhat-csaf";

    // Main and ELS streams of a major release; "rhel_eus:8.6" and friends are minor-release streams of their own.
    [GeneratedRegex(@"^cpe:/[ao]:redhat:(?:enterprise_linux|rhel_els):(?<major>\d+)(?![\d.])")]
    private static partial Regex RhelPlatform();

    [GeneratedRegex(@"^\d+(\.\d+)*$")]
    private static partial Regex NumericStream();

    public string Format => "csaf";

    public bool Detect(FeedFile file) => file.Head.Contains("\"csaf_version\"", StringComparison.Ordinal);

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var doc = CsafDocument.Parse(file);
        var count = 0;
        var statusCount = 0;
        var notApplied = 0;
        foreach (var vulnerability in doc.Vulnerabilities)
        {
            var statements = doc.Statements(vulnerability).ToList();
            var entries = statements.Select(Entry).ToList();
            statusCount += statements.Count;
            notApplied += entries.Count(e => e is null);
            var affected = Affected(entries.OfType<RpmEntry>(), ref notApplied);
            if (affected.Count == 0)
            {
                continue;
            }

            sink.Add(Advisory(doc, vulnerability, statements[0].Cve, affected));
            count++;
        }

        if (notApplied > 0)
        {
            report.Skip(file.Name, $"CSAF {doc.Id}: {notApplied} of {statusCount} product statuses not applied (only rpm packages on a Red Hat Enterprise Linux main or ELS platform are; modular packages only when fixed)");
        }

        return count;
    }

    /// <summary>One product status as (namespace, rpm name, version, module stream, state), or null when it is not an RHEL rpm.</summary>
    private static RpmEntry? Entry(CsafStatement s)
    {
        if (s.Platform?.Cpe is not { } cpe || RhelPlatform().Match(cpe) is not { Success: true } platform
            || s.Package?.Purl is not { } purl || !purl.StartsWith("pkg:rpm/", StringComparison.Ordinal))
        {
            return null;
        }

        var (name, version, qualifiers) = ParsePurl(purl);
        var stream = qualifiers.GetValueOrDefault("rpmmod")?.Split(':') is [_, var s1, ..] ? s1 : null;
        var evr = version is null ? null
            : qualifiers.GetValueOrDefault("epoch") is { } epoch && epoch != "0" ? $"{epoch}:{version}" : version;
        return new RpmEntry("rhel:" + platform.Groups["major"].Value, name, evr, stream, qualifiers.GetValueOrDefault("arch") == "src", s);
    }

    /// <summary>
    /// Folds a vulnerability's entries into one state per (release, name, module stream). Binary rpms speak for
    /// themselves: a source rpm's status is used only for names no binary status covers (Red Hat lists the src
    /// rpm of bind as not affected while the bind binary is fixed). Fixed wins over the other states.
    /// </summary>
    private static List<AffectedPackage> Affected(IEnumerable<RpmEntry> entries, ref int notApplied)
    {
        var list = new List<AffectedPackage>();
        foreach (var group in entries.GroupBy(e => (e.Namespace, e.Name, e.Stream)))
        {
            var chosen = group.Any(e => !e.Source) ? group.Where(e => !e.Source).ToList() : group.ToList();
            var fixes = chosen.Where(e => e.Statement.Status == CsafStatus.Fixed && e.Evr is not null).Select(e => e.Evr!).Distinct().ToList();
            var stream = group.Key.Stream;
            if (fixes.Count > 0)
            {
                // A module stream's fix bounds only that stream: ruby:2.5's fix says nothing of ruby 3.1 builds. The
                // bound is the stream itself, so only packages numbered like their stream (ruby 2.5.9 in ruby:2.5)
                // are applied; a stream's other packages (rubygem-json 2.1.0 in ruby:2.5) have no known bound.
                if (stream is not null && !fixes.TrueForAll(f => InStream(f, stream)))
                {
                    notApplied += chosen.Count;
                    continue;
                }

                list.Add(new AffectedPackage { Namespace = group.Key.Namespace, Name = group.Key.Name, Ranges = fixes.Select(f => new VersionInterval(stream, f)).ToList() });
                continue;
            }

            if (stream is not null)
            {
                notApplied += chosen.Count;
                continue;
            }

            var fixState = chosen.Any(e => e.Statement.Status == CsafStatus.Affected)
                ? (chosen.Any(e => e.Statement.Remediation == "no_fix_planned") ? FixStates.WontFix : FixStates.NotFixed)
                : chosen.Any(e => e.Statement.Status == CsafStatus.UnderInvestigation) ? FixStates.Unknown
                : FixStates.NotAffected;
            list.Add(new AffectedPackage { Namespace = group.Key.Namespace, Name = group.Key.Name, FixState = fixState });
        }

        return list;
    }

    private static bool InStream(string evr, string stream)
    {
        var version = evr[(evr.IndexOf(':') + 1)..];
        return NumericStream().IsMatch(stream) && (version.StartsWith(stream + ".", StringComparison.Ordinal) || version.StartsWith(stream + "-", StringComparison.Ordinal));
    }

    private static Advisory Advisory(CsafDocument doc, JsonNode vulnerability, string cve, List<AffectedPackage> affected)
    {
        var impact = vulnerability.Arr("threats").FirstOrDefault(t => t.Str("category") == "impact").Str("details");
        var severity = Cvss.SeverityOfWord(impact ?? doc.Severity);
        affected = affected.Select(a => a with { Severity = severity }).ToList();
        var cvss = vulnerability.Arr("scores").Select(s => s?["cvss_v3"]).FirstOrDefault(c => c is not null);
        return new Advisory
        {
            Id = cve,
            Source = Source,
            Aliases = doc.Id != cve ? [doc.Id] : [],
            Summary = vulnerability.Arr("notes").FirstOrDefault(n => n.Str("category") == "summary").Str("text") ?? vulnerability.Str("title"),
            Severity = severity,
            SeveritySource = severity is null ? null : "redhat",
            CvssScore = cvss.Num("baseScore"),
            CvssVector = cvss.Str("vectorString"),
            Published = vulnerability.Time("release_date") ?? vulnerability.Time("discovery_date"),
            Urls = vulnerability.Arr("references").Select(r => r.Str("url")).OfType<string>().Distinct().Take(10).ToList(),
            Cwes = vulnerability["cwe"].Str("id") is { } cwe ? [cwe] : [],
            Affected = affected,
        };
    }

    /// <summary>"pkg:rpm/redhat/ruby@2.5.9-111.module%2Bel8…?arch=i686&amp;epoch=32" → name, version, qualifiers (decoded).</summary>
    private static (string Name, string? Version, Dictionary<string, string> Qualifiers) ParsePurl(string purl)
    {
        var query = purl.IndexOf('?');
        var path = query < 0 ? purl : purl[..query];
        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query >= 0)
        {
            foreach (var pair in purl[(query + 1)..].Split('&'))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    qualifiers[pair[..eq]] = Uri.UnescapeDataString(pair[(eq + 1)..]);
                }
            }
        }

        var at = path.LastIndexOf('@');
        var version = at < 0 ? null : Uri.UnescapeDataString(path[(at + 1)..]);
        var name = Uri.UnescapeDataString((at < 0 ? path : path[..at]).Split('/')[^1]);
        return (name, version, qualifiers);
    }

    private sealed record RpmEntry(string Namespace, string Name, string? Evr, string? Stream, bool Source, CsafStatement Statement);
}
