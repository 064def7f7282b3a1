namespace Tollgate.Vulnerabilities.Database.Update;

/// <summary>A downloadable feed: its update name and public URL (overridable with --source NAME=URL).</summary>
public sealed record FeedSource(string Name, string Url);

/// <summary>The public URLs `tollgate db update` fetches by default (each one a format `db import` also reads).</summary>
public static class FeedSourceCatalog
{
    private const string Osv = "https://osv-vulnerabilities.storage.googleapis.com";
    private const string Tracker = "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data";

    public static IReadOnlyList<FeedSource> Defaults { get; } =
    [
        new("osv-go", $"{Osv}/Go/all.zip"),
        new("osv-npm", $"{Osv}/npm/all.zip"),
        new("osv-pypi", $"{Osv}/PyPI/all.zip"),
        new("osv-crates", $"{Osv}/crates.io/all.zip"),
        new("osv-maven", $"{Osv}/Maven/all.zip"),
        new("osv-rubygems", $"{Osv}/RubyGems/all.zip"),
        new("osv-nuget", $"{Osv}/NuGet/all.zip"),
        new("osv-packagist", $"{Osv}/Packagist/all.zip"),
        new("alpine-secdb-3.19", "https://secdb.alpinelinux.org/v3.19/main.yaml"),
        new("alpine-secdb-3.20", "https://secdb.alpinelinux.org/v3.20/main.yaml"),
        new("alpine-secdb-3.21", "https://secdb.alpinelinux.org/v3.21/main.yaml"),
        new("debian-tracker", "https://security-tracker.debian.org/tracker/data/json"),
        new("debian-dsa", $"{Tracker}/DSA/list"),
        new("debian-dla", $"{Tracker}/DLA/list"),
        new("cisa-kev", "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"),
        new("first-epss", "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"),
        new("retirejs", "https://raw.githubusercontent.com/RetireJS/retire.js/master/repository/jsrepository-v5.json"),
        new("nvd", "https://services.nvd.nist.gov/rest/json/cves/2.0"),
    ];

    /// <summary>The defaults, or only the sources named by --source NAME=URL overrides (NAME may be new).</summary>
    public static IReadOnlyList<FeedSource> Select(IReadOnlyList<string> overrides)
    {
        if (overrides.Count == 0)
        {
            return Defaults;
        }

        return overrides.Select(o =>
        {
            var eq = o.IndexOf('=');
            if (eq <= 0 || !Uri.TryCreate(o[(eq + 1)..], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"--source '{o}': expected NAME=http(s)://URL");
            }

            return new FeedSource(o[..eq], uri.ToString());
        }).ToList();
    }
}
