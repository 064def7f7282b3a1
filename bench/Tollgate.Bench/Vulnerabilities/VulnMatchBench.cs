using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Analysis.Model;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Matching;

namespace Tollgate.Bench.Vulnerabilities;

/// <summary>
/// Matches an image of 1,000 packages (a real inventory + worst-case language packages) and the pure worst case
/// against the corpus DB, three ways per round: a baseline of plain SQLite SELECTs for the same (namespace, name)
/// pairs; cold (open the DB, match, as `tollgate scan` after inventory); warm (a DB the service keeps open).
/// Usage: vuln-match [CORPORA] [--db FILE] [--rounds N] [--write-matches DIR] [--verify DIR] [--profile N].
/// --db keeps the built DB for the next run; --write-matches/--verify save or compare every match row.
/// </summary>
public sealed class VulnMatchBench : IBench
{
    // Untimed rounds first, for every side: the JIT's tiering reaches steady state before anything is measured.
    private const int WarmUpRounds = 3;

    public string Name => "vuln-match";

    public string Summary => "match a 1,000-package image and the worst case against the corpus DB (baseline: plain SELECT loop)";

    public async Task<int> RunAsync(string[] args)
    {
        var corpora = VulnBenchData.Corpora(args);
        var rounds = int.Parse(Option(args, "--rounds") ?? "7", CultureInfo.InvariantCulture);
        var keptDb = Option(args, "--db");
        var dir = Directory.CreateTempSubdirectory("tollgate-bench-");
        try
        {
            var dbPath = keptDb ?? Path.Combine(dir.FullName, "vulns.db");
            if (VulnBenchData.LangImagePath() is not { } langImage)
            {
                Console.Error.WriteLine("vuln-match: the lang test image is missing: set TOLLGATE_TESTDATA to the built test images (scripts/build-test-images.sh)");
                return 2;
            }

            VulnBenchData.EnsureDb(dbPath, corpora);
            var lang = await VulnBenchData.LangImageAsync(langImage);
            (string Name, ImageAnalysis Analysis)[] scenarios =
            [
                ("image", VulnBenchData.Image(dbPath, lang)),
                ("worst case", VulnBenchData.WorstCase(dbPath)),
            ];

            if (Option(args, "--profile") is { } repeat)
            {
                // Only warm scans of both scenarios, many times: for a sampling profiler (dotnet-trace) to see little else.
                using var db = VulnDb.Open(dbPath);
                for (var i = 0; i < int.Parse(repeat, CultureInfo.InvariantCulture); i++)
                {
                    foreach (var (_, analysis) in scenarios)
                    {
                        new VulnerabilityMatcher(db).Scan(analysis);
                    }
                }

                return 0;
            }

            Console.WriteLine($"db          {dbPath} ({new FileInfo(dbPath).Length / 1024.0 / 1024.0:F1} MiB)");
            Console.WriteLine($"machine     {Environment.ProcessorCount} cores, load average {LoadAverage()} (before)");
            foreach (var (name, analysis) in scenarios)
            {
                Run(name, analysis, dbPath, rounds);
            }

            Console.WriteLine($"load average {LoadAverage()} (after)");
            return VerifyOrWrite(args, dbPath, [.. scenarios, ("lang image", lang)]);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static void Run(string name, ImageAnalysis analysis, string dbPath, int rounds)
    {
        var queries = Queries(analysis);
        var baseline = new Timings();
        var cold = new Timings();
        var warm = new Timings();
        var openOnly = new Timings();
        var matches = 0;
        using var open = VulnDb.Open(dbPath);
        for (var round = -WarmUpRounds; round < rounds; round++)
        {
            var timed = round >= 0;
            baseline.Measure(timed, () => SelectLoop(dbPath, queries));
            cold.Measure(timed, () =>
            {
                using var db = VulnDb.Open(dbPath);
                matches = new VulnerabilityMatcher(db).Scan(analysis).Matches.Count;
            });
            warm.Measure(timed, () => new VulnerabilityMatcher(open).Scan(analysis));
            openOnly.Measure(timed, () => VulnDb.Open(dbPath).Dispose());
        }

        Console.WriteLine();
        Console.WriteLine($"{name}: {analysis.Packages.Count} packages ({VulnBenchData.Composition(analysis)}), distro {analysis.Distro?.Id} {analysis.Distro?.VersionId}");
        Console.WriteLine($"  {queries.Count} (namespace, name) lookups → {matches} matches on {MatchedPackages(dbPath, analysis)} packages");
        Console.WriteLine($"  baseline (SELECT loop)   {baseline}");
        Console.WriteLine($"  tollgate cold (open+scan) {cold}   ratio {cold.Wall / baseline.Wall:F2}x wall, {cold.Cpu / baseline.Cpu:F2}x CPU (budget: 200 ms)");
        Console.WriteLine($"  tollgate warm (open DB)   {warm}   ratio {warm.Wall / baseline.Wall:F2}x wall, {warm.Cpu / baseline.Cpu:F2}x CPU");
        Console.WriteLine($"  (open + close alone         {openOnly})");
        Console.WriteLine($"  medians of {rounds} rounds after {WarmUpRounds} warm-up rounds");
    }

    private static int MatchedPackages(string dbPath, ImageAnalysis analysis)
    {
        using var db = VulnDb.Open(dbPath);
        return new VulnerabilityMatcher(db).Match(analysis).Select(m => m.PackageId).Distinct().Count();
    }

    /// <summary>The (namespace, name) pairs the matchers ask for, from the public matchers themselves.</summary>
    private static List<PackageQuery> Queries(ImageAnalysis analysis)
    {
        IPackageMatcher[] matchers = [new Tollgate.Vulnerabilities.Matching.Dpkg.DpkgMatcher(), new Tollgate.Vulnerabilities.Matching.Apk.ApkMatcher(), new Tollgate.Vulnerabilities.Matching.Rpm.RpmMatcher(), new Tollgate.Vulnerabilities.Matching.Language.EcosystemMatcher()];
        return analysis.Packages.SelectMany(p => matchers.FirstOrDefault(m => m.Handles(p))?.Queries(p, analysis.Distro) ?? []).ToList();
    }

    /// <summary>The baseline: open the DB and read every affected row of every looked-up name, nothing else.</summary>
    private static void SelectLoop(string dbPath, List<PackageQuery> queries)
    {
        using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT source,id,ranges,versions FROM affected WHERE namespace=$ns AND package=$p";
        var ns = cmd.Parameters.Add("$ns", SqliteType.Text);
        var p = cmd.Parameters.Add("$p", SqliteType.Text);
        foreach (var query in queries)
        {
            ns.Value = query.Namespace;
            p.Value = query.Name;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
            }
        }
    }

    /// <summary>--write-matches DIR saves every scenario's match rows; --verify DIR fails (exit 1) when any differs.</summary>
    private static int VerifyOrWrite(string[] args, string dbPath, (string Name, ImageAnalysis Analysis)[] scenarios)
    {
        var write = Option(args, "--write-matches");
        var verify = Option(args, "--verify");
        if (write is null && verify is null)
        {
            return 0;
        }

        using var db = VulnDb.Open(dbPath);
        var failed = false;
        foreach (var (name, analysis) in scenarios)
        {
            var rows = MatchSnapshot.Of(new VulnerabilityMatcher(db).Scan(analysis));
            var file = MatchSnapshot.FileName(name);
            if (write is not null)
            {
                Directory.CreateDirectory(write);
                File.WriteAllLines(Path.Combine(write, file), rows);
                Console.WriteLine($"wrote {rows.Count} lines to {Path.Combine(write, file)}");
            }

            if (verify is not null)
            {
                failed |= !MatchSnapshot.Verify(Path.Combine(verify, file), rows);
            }
        }

        return failed ? 1 : 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Wall and CPU medians of the timed rounds of one side.</summary>
    private sealed class Timings
    {
        private readonly List<double> _wall = [];
        private readonly List<double> _cpu = [];
        private readonly List<double> _allocated = [];

        public double Wall => Median(_wall);

        public double Cpu => Median(_cpu);

        public void Measure(bool timed, Action action)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            action();
            sw.Stop();
            if (timed)
            {
                _allocated.Add((GC.GetAllocatedBytesForCurrentThread() - bytes) / 1024.0 / 1024.0);
                _wall.Add(sw.Elapsed.TotalMilliseconds);
                _cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }
        }

        // Allocations do not depend on the machine's load: a steady yardstick between runs on a busy machine.
        public override string ToString() => $"{Wall,7:F1} ms wall, {Cpu,7:F1} ms CPU, {Median(_allocated),6:F1} MiB allocated";

        private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
    }
}
