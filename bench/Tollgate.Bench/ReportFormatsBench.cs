using System.Diagnostics;

namespace Tollgate.Bench;

/// <summary>
/// `report-formats [SOURCE] [RUNS] [--db FILE]`: one whole `tollgate check --policy pack:dod` (image read, analysis,
/// evaluation, reports) writing five report files, against the same check writing one (SARIF) in the same run,
/// alternating so both see the same machine load. Target: five formats cost ≤ 10 % more than one.
/// Default SOURCE: the Debian test image ($TOLLGATE_TESTDATA/debian/oci), else the committed Alpine sample.
/// </summary>
public sealed class ReportFormatsBench : IBench
{
    private static readonly string[] FiveFormats = ["sarif", "junit", "html", "oscal", "cklb"];

    public string Name => "report-formats";

    public string Summary => "tollgate check writing five report formats vs one (target <= 1.10x)";

    public async Task<int> RunAsync(string[] args)
    {
        var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault();
        var positional = args.Where((a, i) => a != "--db" && (i == 0 || args[i - 1] != "--db")).ToList();
        var source = positional.Count > 0 ? positional[0] : DefaultSource();
        var runs = positional.Count > 1 ? int.Parse(positional[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var outDir = Directory.CreateTempSubdirectory("tollgate-report-bench-").FullName;
        try
        {
            string[] Check(IEnumerable<string> formats) =>
                ["check", source, "--policy", "pack:dod", "--quiet", .. db is null ? [] : new[] { "--db", db },
                 .. formats.SelectMany(f => new[] { "-o", $"{f}={Path.Combine(outDir, "report." + f)}" })];

            var one = Check(FiveFormats.Take(1));
            var five = Check(FiveFormats);
            var exit = await Run(five); // warm-up: JIT, page cache
            var oneTimes = new List<double>();
            var fiveTimes = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                oneTimes.Add(await Time(one));
                fiveTimes.Add(await Time(five));
            }

            var bytes = FiveFormats.Select(f => new FileInfo(Path.Combine(outDir, "report." + f)).Length).ToList();
            var oneMs = Median(oneTimes);
            var fiveMs = Median(fiveTimes);
            Console.WriteLine($"source      {source}{(db is null ? "" : $" (db {db})")}; exit code {exit} (1 = STOP)");
            Console.WriteLine($"one format  {oneMs:F0} ms median of {runs} (sarif)");
            Console.WriteLine($"five        {fiveMs:F0} ms median of {runs} ({string.Join(", ", FiveFormats.Zip(bytes, (f, b) => $"{f} {b / 1024.0:F0} KiB"))})");
            Console.WriteLine($"ratio       {fiveMs / oneMs:F3}x (target <= 1.10x: {(fiveMs / oneMs <= 1.10 ? "met" : "MISSED")})");
            Console.WriteLine($"cores       {Environment.ProcessorCount}, load {LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static string DefaultSource()
    {
        var testData = Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? ".cache/testdata";
        var debian = Path.Combine(testData, "debian", "oci");
        return Directory.Exists(debian) ? $"oci-dir:{debian}:latest" : "oci-dir:samples/alpine-oci:3.20.3";
    }

    /// <summary>The CLI in-process, as `tollgate` runs it (exit 1 on STOP is the expected outcome, not a failure).</summary>
    private static async Task<int> Run(string[] args)
    {
        var exit = await Cli.Program.RunAsync(args, CancellationToken.None);
        return exit is 0 or 1 ? exit : throw new InvalidOperationException($"tollgate {string.Join(' ', args)} exited {exit}");
    }

    private static async Task<double> Time(string[] args)
    {
        var sw = Stopwatch.StartNew();
        await Run(args);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
