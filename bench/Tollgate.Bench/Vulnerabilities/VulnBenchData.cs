using Microsoft.Data.Sqlite;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Vulnerabilities.Database;

namespace Tollgate.Bench.Vulnerabilities;

/// <summary>
/// Where the corpus is, and the analyses the match bench feeds the matcher: the worst case (every package at a
/// version inside nearly every range of its advisories) and an image (a real image's inventory filled up with
/// worst-case language packages).
/// </summary>
internal static class VulnBenchData
{
    public const int ImagePackages = 1_000;

    public static string Corpora(string[] args)
    {
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return args[0];
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tollgate.sln")))
        {
            dir = dir.Parent;
        }

        return Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "corpora"));
    }

    /// <summary>
    /// The worst case, 1,031 packages: every Alpine 3.11 secdb origin (260), and Go modules, npm, PyPI (all 21) and
    /// crates names that the DB has records for, at very old versions, so every lookup does real version work and
    /// nearly every advisory matches.
    /// </summary>
    public static ImageAnalysis WorstCase(string dbPath) => new()
    {
        Image = new ImageMetadata { Source = "bench:worst-case", SourceKind = "bench" },
        Distro = new Distro { Id = "alpine", VersionId = "3.11.6" },
        Packages = Named(dbPath, [("alpine:3.11", "apk", 400), ("go", "golang", 300), ("npm", "npm", 200), ("pypi", "pypi", 100), ("crates.io", "cargo", 250)]),
    };

    /// <summary>
    /// A real image's inventory (the lang test image: Debian 12 packages at their real versions, npm, gems, Python,
    /// Go, .NET, Java) filled up to <see cref="ImagePackages"/> with worst-case language packages (Go, npm, PyPI,
    /// crates names the DB has records for, at very old versions): a stale image with many old app dependencies.
    /// </summary>
    public static ImageAnalysis Image(string dbPath, ImageAnalysis real)
    {
        var filler = Named(dbPath, [("go", "golang", 300), ("npm", "npm", 200), ("pypi", "pypi", 100), ("crates.io", "cargo", 250)]);
        var byType = filler.GroupBy(p => p.Type).ToDictionary(g => g.Key, g => new Queue<Package>(g));
        var packages = new List<Package>(real.Packages);
        while (packages.Count < ImagePackages && byType.Values.Any(q => q.Count > 0))
        {
            foreach (var queue in byType.Values.Where(q => q.Count > 0))
            {
                packages.Add(queue.Dequeue());
            }
        }

        return real with { Packages = packages };
    }

    /// <summary>The lang test image's OCI layout, or null when the test images are not built.</summary>
    public static string? LangImagePath()
    {
        var layout = Path.Combine(Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? ".cache/testdata", "lang", "oci");
        return Directory.Exists(layout) ? layout : null;
    }

    /// <summary>The lang test image's inventory (untimed set-up).</summary>
    public static Task<ImageAnalysis> LangImageAsync(string layout) =>
        ImageAnalyzer.AnalyzeAsync($"oci-dir:{layout}:latest", new AnalyzeOptions());

    /// <summary>"deb 147, npm 54, …" and how many packages are worst-case ones (found by the bench).</summary>
    public static string Composition(ImageAnalysis analysis) =>
        string.Join(", ", analysis.Packages.GroupBy(p => (p.Type, Bench: p.FoundBy == "bench"))
            .OrderBy(g => g.Key.Bench).ThenByDescending(g => g.Count())
            .Select(g => $"{g.Key.Type} {g.Count()}{(g.Key.Bench ? " (worst case)" : "")}"));

    private static List<Package> Named(string dbPath, (string Ns, string Type, int Count)[] mix)
    {
        var packages = new List<Package>();
        using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        db.Open();
        foreach (var (ns, type, count) in mix)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT DISTINCT package FROM affected WHERE namespace=$ns ORDER BY package LIMIT $n";
            cmd.Parameters.AddWithValue("$ns", ns);
            cmd.Parameters.AddWithValue("$n", count);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var name = r.GetString(0);
                packages.Add(new Package { Id = $"{type}:{name}", Name = name, Version = OldVersion(type), Type = type, FoundBy = "bench", SourceName = type == "apk" ? name : null });
            }
        }

        return packages;
    }

    /// <summary>A very old version: inside every range that starts at the beginning, as a stale image would be.</summary>
    private static string OldVersion(string type) => type switch
    {
        "apk" => "0.1-r0",
        "golang" => "v0.0.1",
        _ => "0.0.1",
    };

    /// <summary>Builds the DB from all of corpora/vulns when <paramref name="dbPath"/> does not exist yet.</summary>
    public static void EnsureDb(string dbPath, string corpora)
    {
        if (!File.Exists(dbPath))
        {
            VulnDbBuilder.UpdateAsync(dbPath, w => Task.FromResult(Tollgate.Vulnerabilities.Feeds.FeedImporter.Import(Path.Combine(corpora, "vulns"), w))).GetAwaiter().GetResult();
        }
    }
}
