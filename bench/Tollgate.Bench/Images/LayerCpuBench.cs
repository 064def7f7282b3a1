using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Tollgate.Images;
using Tollgate.Images.Layers;

namespace Tollgate.Bench.Images;

/// <summary>
/// CPU seconds (user+sys), not wall time, of reading an OCI layout's gzip layers: `gzip -dc` against each stage
/// the loader needs (inflate, + diff-id hash, + blob hash and tar walk) and the ImageLoader itself. On a shared,
/// overloaded machine wall-clock ratios swing with scheduling; CPU time shows the cost and where it goes.
/// Usage: LayerCpuBench OCI_LAYOUT_DIR[:TAG] [--runs N].
/// </summary>
public sealed class LayerCpuBench : IBench
{
    public string Name => "LayerCpuBench";

    public string Summary => "CPU time per stage of reading gzip layers vs gzip -dc (oci-dir)";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: LayerCpuBench OCI_LAYOUT_DIR[:TAG] [--runs N]");
            return 2;
        }

        var (layout, tag) = SplitTag(args[0]);
        var runsAt = Array.IndexOf(args, "--runs");
        var runs = runsAt > 0 && runsAt + 1 < args.Length ? int.Parse(args[runsAt + 1], CultureInfo.InvariantCulture) : 3;
        var blobs = LayerBlobs(layout, tag);
        Console.WriteLine($"layout      {layout}:{tag}, {blobs.Count} layers, {blobs.Sum(b => new FileInfo(b).Length) / 1e6:F1} MB stored");

        var gzip = Best(runs, () => GzipCpu(blobs));
        Console.WriteLine($"{"gzip -dc (child process)",-44} cpu {gzip:F3} s");
        await Stage(runs, gzip, "inflate (GZipStream)", () => Walk(blobs, hashBlob: false, hashTar: false, tar: false));
        await Stage(runs, gzip, "inflate + sha256(tar) (diff-id)", () => Walk(blobs, hashBlob: false, hashTar: true, tar: false));
        await Stage(runs, gzip, "inflate + tar walk", () => Walk(blobs, hashBlob: false, hashTar: false, tar: true));
        await Stage(runs, gzip, "blob sha256 + inflate + diff-id + tar walk", () => Walk(blobs, hashBlob: true, hashTar: true, tar: true));
        await Stage(runs, gzip, "ImageLoader.LoadAsync (FileIndex)", async () =>
        {
            using var image = await ImageLoader.LoadAsync($"oci-dir:{layout}:{tag}", new ImageLoadOptions());
        });
        return 0;
    }

    private static async Task Stage(int runs, double gzipCpu, string name, Func<Task> work)
    {
        await work(); // JIT and page cache
        var best = double.MaxValue;
        var wall = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await work();
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }

        Console.WriteLine($"{name,-44} cpu {best:F3} s  = {best / gzipCpu:F2} x gzip   (wall {wall:F3} s)");
    }

    private static double Best(int runs, Func<double> measure) => Enumerable.Range(0, runs).Min(_ => measure());

    // The loader's own VerifyingStream does the hashing (hash: false only counts), so the stages cost what it costs.
    private static Task Walk(IReadOnlyList<string> blobs, bool hashBlob, bool hashTar, bool tar)
    {
        foreach (var blob in blobs)
        {
            using var file = File.OpenRead(blob);
            using var stored = new VerifyingStream(file, blob, "blob", null, -1, long.MaxValue, hash: hashBlob);
            using var inflate = new GZipStream(stored, CompressionMode.Decompress);
            using var plain = new BufferedStream(new VerifyingStream(inflate, blob, "tar", null, -1, long.MaxValue, hash: hashTar), 1 << 16);
            if (tar)
            {
                using var reader = new TarReader(plain, leaveOpen: true);
                while (reader.GetNextEntry() is not null)
                {
                }
            }

            plain.CopyTo(Stream.Null);
        }

        return Task.CompletedTask;
    }

    // `times` in the shell that ran gzip reports the children's user and system seconds on its second line.
    private static double GzipCpu(IReadOnlyList<string> blobs)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "gzip -dc \"$@\" > /dev/null && times", "gzip-cpu" }.Concat(blobs))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        return lines[1].Split(' ').Sum(ParseShellTime);
    }

    private static double ParseShellTime(string value) // "0m1.170s"
    {
        var m = value.IndexOf('m', StringComparison.Ordinal);
        return (int.Parse(value[..m], CultureInfo.InvariantCulture) * 60)
            + double.Parse(value[(m + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture);
    }

    private static (string Layout, string Tag) SplitTag(string arg)
    {
        var colon = arg.LastIndexOf(':');
        return colon > 0 && !arg[colon..].Contains('/', StringComparison.Ordinal) ? (arg[..colon], arg[(colon + 1)..]) : (arg, "latest");
    }

    private static List<string> LayerBlobs(string layout, string tag)
    {
        string Blob(string digest) => Path.Combine(layout, "blobs", digest.Replace(':', '/'));
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var manifest = index.RootElement.GetProperty("manifests").EnumerateArray().First(m =>
            m.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var r)
            && r.GetString() == tag);
        using var doc = JsonDocument.Parse(File.ReadAllText(Blob(manifest.GetProperty("digest").GetString()!)));
        return doc.RootElement.GetProperty("layers").EnumerateArray().Select(l => Blob(l.GetProperty("digest").GetString()!)).ToList();
    }
}
