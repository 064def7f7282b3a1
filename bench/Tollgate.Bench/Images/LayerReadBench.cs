using System.Diagnostics;
using Tollgate.Images;
using Tollgate.Images.Layers;
using Tollgate.Images.References;
using Tollgate.Images.Sources;

namespace Tollgate.Bench.Images;

/// <summary>
/// Reading every layer of an image into the FileIndex, against `gzip -dc` of the same layer blobs, in one run;
/// then the peak RSS of a fresh child process that only loads the image (optionally a different source, e.g. the
/// docker-archive copy). Usage: LayerReadBench SOURCE [--runs N] [--rss-source SOURCE].
/// </summary>
public sealed class LayerReadBench : IBench
{
    public string Name => "LayerReadBench";

    public string Summary => "read all layers into the FileIndex vs gzip -dc of the same blobs; peak RSS";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--child")
        {
            return await ChildAsync(args[1]);
        }

        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: LayerReadBench SOURCE [--runs N] [--rss-source SOURCE]   (SOURCE e.g. docker-archive:debian.tar)");
            return 2;
        }

        var source = args[0];
        var runs = OptionValue(args, "--runs") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 3;
        var rssSource = OptionValue(args, "--rss-source") ?? source;
        var scratch = Directory.CreateTempSubdirectory("tollgate-bench-");
        try
        {
            var blobs = await LayerBlobFilesAsync(source, scratch.FullName);
            var kinds = blobs.Select(b => SniffFile(b)).ToList();
            Console.WriteLine($"source      {source}");
            Console.WriteLine($"layers      {blobs.Count} ({string.Join(", ", kinds)}), stored {blobs.Sum(b => new FileInfo(b).Length) / 1e6:F1} MB");

            // Warm-up (JIT, page cache) for both sides, then best of N each, interleaved.
            using (var warm = await ImageLoader.LoadAsync(source, new ImageLoadOptions()))
            {
                Console.WriteLine($"entries     {warm.Files.AllLayers.Count()} in all layers, {warm.Files.Squashed.Count} squashed");
            }

            var gzipOk = kinds.All(k => k == LayerCompression.Gzip);
            if (gzipOk)
            {
                await GzipAsync(blobs);
            }

            var tollgate = TimeSpan.MaxValue;
            var gzip = TimeSpan.MaxValue;
            for (var i = 0; i < runs; i++)
            {
                if (gzipOk)
                {
                    var g = Stopwatch.StartNew();
                    await GzipAsync(blobs);
                    gzip = Min(gzip, g.Elapsed);
                }

                var t = Stopwatch.StartNew();
                using (await ImageLoader.LoadAsync(source, new ImageLoadOptions()))
                {
                    tollgate = Min(tollgate, t.Elapsed);
                }
            }

            Console.WriteLine($"tollgate    {tollgate.TotalSeconds:F3} s  (best of {runs}; all layers into the FileIndex, digests and diff-ids verified)");
            if (gzipOk)
            {
                Console.WriteLine($"gzip -dc    {gzip.TotalSeconds:F3} s  (best of {runs}; same blobs, output to /dev/null)");
                Console.WriteLine($"ratio       {tollgate / gzip:F2}  (target <= 0.70)");
            }
            else
            {
                Console.WriteLine("gzip -dc    n/a (not every layer blob is gzip; give an oci-dir/oci-archive/registry source for the ratio)");
            }

            var rss = await ChildPeakRssAsync(rssSource);
            Console.WriteLine($"peak RSS    {rss / 1024.0:F1} MB  (fresh process loading {rssSource}; target <= 150 MB)");
            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string? OptionValue(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static LayerCompression SniffFile(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var f = File.OpenRead(path);
        var n = f.Read(head);
        return Compression.Sniff(head[..n]);
    }

    // Blob files for gzip: an oci-dir's own blob files; for other sources, copies of the stored blobs.
    private static async Task<List<string>> LayerBlobFilesAsync(string source, string scratch)
    {
        var reference = SourceReference.Parse(source);
        await using var imageSource = SourceFactory.Open(reference, new ImageLoadOptions());
        var image = await imageSource.ResolveAsync(CancellationToken.None);
        var files = new List<string>();
        for (var i = 0; i < image.Layers.Count; i++)
        {
            if (reference.Kind == SourceKind.OciDir && image.Layers[i].Digest.Length > 0)
            {
                files.Add(Path.Combine(reference.Path!, LayoutBlobs.PathOf(image.Layers[i].Digest)));
                continue;
            }

            var copy = Path.Combine(scratch, $"layer{i}");
            await using (var raw = await imageSource.OpenLayerAsync(i, CancellationToken.None))
            await using (var output = File.Create(copy))
            {
                await raw.CopyToAsync(output);
            }

            files.Add(copy);
        }

        return files;
    }

    private static async Task GzipAsync(IReadOnlyList<string> blobs)
    {
        var info = new ProcessStartInfo("gzip") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-dc");
        foreach (var b in blobs)
        {
            info.ArgumentList.Add(b);
        }

        using var process = Process.Start(info)!;
        await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gzip -dc exited {process.ExitCode}");
        }
    }

    // A fresh process loads the image and reports its own VmHWM, so the bench's own work does not count.
    private static async Task<long> ChildPeakRssAsync(string source)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(entry);
        }

        foreach (var a in new[] { "LayerReadBench", "--child", source })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ChildAsync(string source)
    {
        using (await ImageLoader.LoadAsync(source, new ImageLoadOptions()))
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            Console.WriteLine(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim());
        }

        return 0;
    }
}
