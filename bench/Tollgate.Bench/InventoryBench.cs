using System.Diagnostics;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;

namespace Tollgate.Bench;

/// <summary>
/// Full inventory (every analysis step, one pass over the compressed layers) against `gzip -dc` of the same layer
/// blobs, in the same run. Prints both medians, the ratio and the process's peak RSS (VmHWM).
/// Usage: inventory [OCI_LAYOUT_DIR[:TAG]] [RUNS] (default: $TOLLGATE_TESTDATA/debian/oci:latest, 5 runs).
/// </summary>
public sealed class InventoryBench : IBench
{
    public string Name => "inventory";

    public string Summary => "full inventory of an OCI layout vs gzip -dc of its layers (ratio, peak RSS)";

    public async Task<int> RunAsync(string[] args)
    {
        var testData = Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? ".cache/testdata";
        var layout = args.Length > 0 ? args[0] : Path.Combine(testData, "debian", "oci") + ":latest";
        var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
        var source = "oci-dir:" + layout;
        var dir = layout.Contains(':') ? layout[..layout.LastIndexOf(':')] : layout;

        // Warm-up: JIT and page cache for both sides; also tells us which blobs the image uses.
        var warm = await ImageAnalyzer.AnalyzeAsync(source, new AnalyzeOptions());
        var blobs = warm.Image.Layers.Select(l => Path.Combine(dir, "blobs", l.Digest!.Replace(':', '/'))).ToList();
        Gunzip(blobs);

        var ours = new List<double>();
        var gzip = new List<double>();
        ImageAnalysis? last = null;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            last = await ImageAnalyzer.AnalyzeAsync(source, new AnalyzeOptions());
            ours.Add(sw.Elapsed.TotalMilliseconds);
            gzip.Add(Gunzip(blobs));
        }

        var oursMs = Median(ours);
        var gzipMs = Median(gzip);
        Console.WriteLine($"image      {source} ({blobs.Count} layers, {blobs.Sum(b => new FileInfo(b).Length) / 1024.0 / 1024.0:F1} MiB compressed)");
        Console.WriteLine($"inventory  {oursMs:F0} ms median of {runs} ({last!.Packages.Count} packages, {last.Files.Count} file facts, {last.Relationships.Count} relationships)");
        Console.WriteLine($"gzip -dc   {gzipMs:F0} ms median of {runs}");
        Console.WriteLine($"ratio      {oursMs / gzipMs:F2}x (target <= 1.0x)");
        Console.WriteLine($"peak RSS   {PeakRssMiB():F0} MiB (target <= 150 MB)");
        Console.WriteLine($"cores      {Environment.ProcessorCount}");
        return 0;
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

    // VmHWM: the peak resident set size of this process so far (Linux).
    private static double PeakRssMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
