using Microsoft.Data.Sqlite;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Vulnerabilities.Database;

namespace Tollgate.Bench.Vulnerabilities;

/// <summary>Where the corpus is, and a 1,000-package analysis made of real package names taken from the feeds.</summary>
internal static class VulnBenchData
{
    public static string Corpora(string[] args)
    {
        if (args.Length > 0)
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
    /// 1,000 packages: Alpine 3.11 origins, Go modules, npm, PyPI and crates names that the DB has records for
    /// (so every lookup does real version work), at very old versions.
    /// </summary>
    public static ImageAnalysis Analysis(string dbPath)
    {
        (string Ns, string Type, int Count)[] mix = [("alpine:3.11", "apk", 400), ("go", "golang", 200), ("npm", "npm", 150), ("pypi", "pypi", 100), ("crates.io", "cargo", 150)];
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

        return new ImageAnalysis
        {
            Image = new ImageMetadata { Source = "bench", SourceKind = "bench" },
            Distro = new Distro { Id = "alpine", VersionId = "3.11.6" },
            Packages = packages,
        };
    }

    /// <summary>A very old version: inside every range that starts at the beginning, as a stale image would be.</summary>
    private static string OldVersion(string type) => type switch
    {
        "apk" => "0.1-r0",
        "golang" => "v0.0.1",
        _ => "0.0.1",
    };

    public static void EnsureDb(string dbPath, string corpora)
    {
        if (!File.Exists(dbPath))
        {
            VulnDbBuilder.UpdateAsync(dbPath, w => Task.FromResult(Tollgate.Vulnerabilities.Feeds.FeedImporter.Import(Path.Combine(corpora, "vulns"), w))).GetAwaiter().GetResult();
        }
    }
}
