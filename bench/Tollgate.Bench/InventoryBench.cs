using System.Diagnostics;
using System.Globalization;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Pipeline;
using Tollgate.Analysis.Secrets;
using Tollgate.Bench.Images;
using Tollgate.Images;
using Tollgate.Images.Content;

namespace Tollgate.Bench;

/// <summary>
/// Full inventory (the layer pass plus every analysis step: catalogers, ownership, file facts, secrets) against
/// `gzip -dc` of the same layer blobs, interleaved in the same run. Prints medians (wall and CPU), the ratios, where
/// the time went (one timed run, step by step) and the peak RSS of a fresh process doing one inventory.
/// Usage: inventory [OCI_LAYOUT_DIR[:TAG]] [RUNS] (default: $TOLLGATE_TESTDATA/debian/oci:latest, 5 runs).
/// </summary>
public sealed class InventoryBench : IBench
{
    public string Name => "inventory";

    public string Summary => "full inventory (incl. secrets) of an OCI layout vs gzip -dc of its layers (ratio, steps, peak RSS)";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--child")
        {
            return await ChildAsync(args[1]);
        }

        var testData = Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? ".cache/testdata";
        var layout = args.Length > 0 ? args[0] : Path.Combine(testData, "debian", "oci") + ":latest";
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var source = "oci-dir:" + layout;
        var dir = layout.Contains(':') ? layout[..layout.LastIndexOf(':')] : layout;

        // Warm-up: JIT and page cache for both sides; also tells us which blobs the image uses.
        var warm = await ImageAnalyzer.AnalyzeAsync(source, new AnalyzeOptions());
        var blobs = warm.Image.Layers.Select(l => Path.Combine(dir, "blobs", l.Digest!.Replace(':', '/'))).ToList();
        Gunzip(blobs);

        var ours = new List<double>();
        var oursCpu = new List<double>();
        var gzip = new List<double>();
        var gzipCpu = new List<double>();
        ImageAnalysis? last = null;
        for (var i = 0; i < runs; i++)
        {
            var cpu = ResourceUsage.SelfCpu;
            var sw = Stopwatch.StartNew();
            last = await ImageAnalyzer.AnalyzeAsync(source, new AnalyzeOptions());
            ours.Add(sw.Elapsed.TotalMilliseconds);
            oursCpu.Add((ResourceUsage.SelfCpu - cpu).TotalMilliseconds);

            var childCpu = ResourceUsage.ChildrenCpu;
            gzip.Add(Gunzip(blobs));
            gzipCpu.Add((ResourceUsage.ChildrenCpu - childCpu).TotalMilliseconds);
        }

        var (oursMs, gzipMs) = (Median(ours), Median(gzip));
        var (oursCpuMs, gzipCpuMs) = (Median(oursCpu), Median(gzipCpu));
        Console.WriteLine($"image      {source} ({blobs.Count} layers, {blobs.Sum(b => new FileInfo(b).Length) / 1024.0 / 1024.0:F1} MiB compressed)");
        Console.WriteLine($"inventory  {oursMs:F0} ms wall, {oursCpuMs:F0} ms CPU, median of {runs} ({last!.Packages.Count} packages, "
            + $"{last.Files.Count} file facts, {last.Relationships.Count} relationships, {last.Secrets.Count} secret findings)");
        Console.WriteLine($"gzip -dc   {gzipMs:F0} ms wall, {gzipCpuMs:F0} ms CPU, median of {runs} (same blobs, output to /dev/null)");
        Console.WriteLine($"ratio      {oursMs / gzipMs:F2}x wall, {oursCpuMs / gzipCpuMs:F2}x CPU "
            + $"(targets: <= 1.0x OS inventory, issue 3; <= 1.5x with language packages and secrets, issue 4; load average {LoadAverage()})");

        await StepsAsync(source);
        var (peak, afterPass) = await ChildPeakRssAsync(source);
        Console.WriteLine($"peak RSS   {peak / 1024.0:F0} MiB, {afterPass / 1024.0:F0} MiB by the end of the layer pass (fresh process, one full inventory; target <= 150 MB)");
        Console.WriteLine($"cores      {Environment.ProcessorCount}");
        return 0;
    }

    // One more run with every step timed, so a ratio over target says where to look; also proves secrets ran.
    private static async Task StepsAsync(string source)
    {
        var steps = AnalysisPipeline.Steps.Select(s => new TimedStep(s)).ToList();
        var options = new AnalyzeOptions();
        var load = options.Load with { ContentRequests = [.. steps.SelectMany(s => s.Requests)] };
        var cpu = ResourceUsage.SelfCpu;
        var sw = Stopwatch.StartNew();
        using var image = await ImageLoader.LoadAsync(source, load);
        var loadMs = sw.Elapsed.TotalMilliseconds;
        var loadCpuMs = (ResourceUsage.SelfCpu - cpu).TotalMilliseconds;
        var analysis = ImageAnalyzer.Analyze(image, options, steps);
        var store = (ContentStore)image.Contents;
        var secretFiles = store.For(SecretsStep.RequestName).ToList();
        Console.WriteLine($"layer pass {loadMs:F0} ms wall, {loadCpuMs:F0} ms CPU (kept {store.Files.Count} files: {store.InMemoryBytes / 1048576.0:F1} MiB in memory, "
            + $"{store.SpilledBytes / 1048576.0:F1} MiB spilled)");
        Console.WriteLine("steps      (ms wall/CPU) " + string.Join(", ", steps.Select(s => $"{s.Name} {s.Elapsed.TotalMilliseconds:F0}/{s.Cpu.TotalMilliseconds:F0}")));
        Console.WriteLine($"secrets    {secretFiles.Count} text files kept for scanning ({secretFiles.Count(f => f.Shadowed)} from deleted or overwritten copies), "
            + $"{analysis.Secrets.Count} findings");
    }

    private sealed class TimedStep(IAnalysisStep inner) : IAnalysisStep
    {
        public string Name => inner.Name;

        public IReadOnlyList<ContentRequest> Requests => inner.Requests;

        public TimeSpan Elapsed { get; private set; }

        // Process CPU: the steps run one after another, so the delta is this step's (its worker threads included).
        public TimeSpan Cpu { get; private set; }

        public void Run(AnalysisBuilder analysis)
        {
            var cpu = ResourceUsage.SelfCpu;
            var sw = Stopwatch.StartNew();
            inner.Run(analysis);
            Elapsed = sw.Elapsed;
            Cpu = ResourceUsage.SelfCpu - cpu;
        }
    }

    private static double Gunzip(IReadOnlyList<string> blobs)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardError = true };
        foreach (var a in new[] { "-c", "gzip -dc \"$@\" > /dev/null", "sh" }.Concat(blobs))
        {
            info.ArgumentList.Add(a);
        }

        var sw = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("gzip -dc failed: " + process.StandardError.ReadToEnd());
        }

        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    // A fresh process runs one inventory and reports its own VmHWM (KiB) at the end and after the layer pass, so
    // warm-up and the bench's lists do not count.
    private static async Task<(long Peak, long AfterPass)> ChildPeakRssAsync(string source)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var a in new[] { "inventory", "--child", source })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var numbers = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return (numbers[0], numbers[1]);
    }

    // The same requests and steps ImageAnalyzer.AnalyzeAsync uses, with the peak taken between the two halves.
    private static async Task<int> ChildAsync(string source)
    {
        var options = new AnalyzeOptions();
        var steps = AnalysisPipeline.Steps;
        using var image = await ImageLoader.LoadAsync(source, options.Load with { ContentRequests = [.. steps.SelectMany(s => s.Requests)] });
        var afterPass = PeakRssKiB();
        ImageAnalyzer.Analyze(image, options, steps);
        Console.WriteLine($"{PeakRssKiB()} {afterPass}");
        return 0;
    }

    private static long PeakRssKiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
    }
}
