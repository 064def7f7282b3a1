using System.Diagnostics;
using Tollgate.Analysis.Catalogers.Os.Rpm;

namespace Tollgate.Bench.Rpm;

/// <summary>
/// Reading an rpm database (packages, files, provides, requires) with our own readers against the real rpm printing
/// name/epoch/version/release/arch/sourcerpm/license for every package of a copy of the same database.
/// </summary>
public sealed class RpmDbBench : IBench
{
    private const string DefaultDatabase = "/usr/share/gocode/src/github.com/knqyf263/go-rpmdb/pkg/testdata/centos7-many/Packages";

    public string Name => "rpmdb";

    public string Summary => "read an rpmdb (default CentOS 7, 396 pkgs) vs `rpm -qa --qf` on it: [DB-FILE] [ROUNDS]";

    public Task<int> RunAsync(string[] args)
    {
        var db = args.Length > 0 ? args[0] : DefaultDatabase;
        var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var copy = Directory.CreateTempSubdirectory("tollgate-bench-rpmdb-");
        try
        {
            File.Copy(db, Path.Combine(copy.FullName, Path.GetFileName(db)));
            var backend = db.EndsWith(".sqlite", StringComparison.Ordinal) ? "sqlite" : "bdb_ro";
            var packages = 0;
            var files = 0;
            var warnings = 0;
            var ours = Best(rounds, () =>
            {
                using var stream = File.OpenRead(db);
                var read = RpmDatabase.ReadPackages(stream, db, _ => warnings++);
                packages = read.Count;
                files = read.Sum(p => p.Files.Count);
            });
            var rpm = Best(rounds, () => RunRpm(copy.FullName, backend));
            Console.WriteLine($"database  {db} ({new FileInfo(db).Length / 1024} KiB): {packages} packages, {files} files, {warnings / rounds} warnings");
            Console.WriteLine($"tollgate  {ours.TotalMilliseconds,8:F1} ms  (best of {rounds}, packages, files, provides, requires)");
            Console.WriteLine($"rpm -qa   {rpm.TotalMilliseconds,8:F1} ms  (best of {rounds}, NEVRA + sourcerpm + license only)");
            Console.WriteLine($"ratio     {ours / rpm:F2} x rpm");
            return Task.FromResult(0);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static TimeSpan Best(int rounds, Action action)
    {
        action(); // warm-up (JIT, page cache)
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    private static void RunRpm(string dbPath, string backend)
    {
        var start = new ProcessStartInfo("rpm") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--define", "_db_backend " + backend, "--dbpath", dbPath, "-qa", "--qf",
            "%{NAME}\\t%|EPOCH?{%{EPOCH}}:{}|\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\n",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var rpm = Process.Start(start) ?? throw new InvalidOperationException("rpm did not start");
        var stderr = rpm.StandardError.ReadToEndAsync();
        rpm.StandardOutput.ReadToEnd();
        rpm.WaitForExit();
        _ = stderr.Result;
    }
}
