using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Service;
using Tollgate.Service.Admission;

namespace Tollgate.Bench.Service;

/// <summary>
/// `admission [--seconds N] [--rate R]`: the admission webhook of a real `tollgate serve` (SQLite store, the test
/// images analysed by its own worker, pack:dod) on loopback, driven by an open-loop load generator at R requests/s
/// (default 200) for N seconds (default 10). Latency is measured from each request's scheduled send time, so a
/// stall is not hidden by the generator waiting for it. Scenarios:
///   cached   — the same Deployment (two digest-pinned images) every time: verdict-cache lookups;
///   uncached — a new tag per request for the same stored digest: every request evaluates the stored analysis;
///   baseline — GET /health at the same rate: the HTTP floor of this server on this machine.
/// Target: cached p99 ≤ 25 ms at 200 requests/s.
/// </summary>
public sealed class AdmissionBench : IBench
{
    public string Name => "admission";

    public string Summary => "admission webhook latency on loopback, cached and uncached verdicts vs /health (target cached p99 <= 25 ms at 200/s)";

    public async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var rate = Option(args, "--rate", 200);
        var testData = Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? Path.GetFullPath(".cache/testdata");
        var dir = Directory.CreateTempSubdirectory("tollgate-admission-bench-").FullName;
        try
        {
            var options = new ServiceOptions
            {
                Store = "sqlite:" + Path.Combine(dir, "bench.db"),
                PollInterval = TimeSpan.FromMilliseconds(100),
                AllowLocalSources = true,
                Admission = new AdmissionOptions { Bundles = ["pack:dod"], Policy = new AdmissionPolicy { TimeoutMilliseconds = 8000 } },
            };
            // Warnings only, as a production log level: per-request console lines would be measured as admission latency.
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
            await using var app = ServiceApp.Build(options, "bench-admin-key", "http://127.0.0.1:0");
            await app.StartAsync();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri(app.Urls.First()),
                Timeout = TimeSpan.FromSeconds(30),
            };
            client.DefaultRequestHeaders.Authorization = new("Bearer", "bench-admin-key");

            var good = await Analyse(client, $"oci-dir:{Path.Combine(testData, "dod-good", "oci")}:1.0.0");
            var alpine = await Analyse(client, $"oci-dir:{Path.Combine(testData, "alpine", "oci")}:3.20.3-amd64");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine($"images analysed by the service: dod-good {good[..19]}…, alpine {alpine[..19]}…; bundle pack:dod; {rate} requests/s for {seconds} s per scenario");

            var cached = Review("cached", [$"registry.bench.local/team/app:1.0.0@{good}", $"registry.bench.local/base/alpine:3.20.3@{alpine}"]).ToJsonString();
            var first = await Post(client, cached);
            Console.WriteLine($"answer: allowed={first.GetProperty("allowed")}, warnings={(first.TryGetProperty("warnings", out var w) ? w.GetArrayLength() : 0)}");

            // Warm-up: JIT, connection pool, first evaluation.
            await Load(client, Math.Min(rate, 50), 2, _ => Send(client, cached));
            var baseline = await Load(client, rate, seconds, _ => client.GetAsync("/health"));
            var hot = await Load(client, rate, seconds, _ => Send(client, cached));
            var uncachedRate = Option(args, "--uncached-rate", rate);
            var cold = await Load(client, uncachedRate, seconds, i => Send(client, Review($"u{i}", [$"registry.bench.local/team/app:build-{i}@{good}"]).ToJsonString()));

            Report("baseline /health", baseline, rate);
            Report("cached verdicts", hot, rate);
            Report("uncached verdicts", cold, uncachedRate);
            Console.WriteLine($"ratio: cached p99 {hot.P(0.99) / Math.Max(baseline.P(0.99), 0.001):F2}x baseline p99; target cached p99 <= 25 ms at 200/s: {(hot.P(0.99) <= 25 && rate >= 200 && hot.Errors == 0 ? "met" : "MISSED")}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Report(string name, Latencies l, int rate) =>
        Console.WriteLine($"{name,-18}: {l.Count} requests at {rate}/s, achieved {l.Achieved:F0}/s, p50 {l.P(0.5):F2} ms, p90 {l.P(0.9):F2} ms, p99 {l.P(0.99):F2} ms, max {l.P(1):F2} ms, errors {l.Errors}, CPU {l.CpuMsPerRequest:F2} ms/request");

    /// <summary>Open loop: request i is sent at start + i/rate whether or not earlier ones have returned.</summary>
    private static async Task<Latencies> Load(HttpClient client, int rate, int seconds, Func<int, Task<HttpResponseMessage>> send)
    {
        var total = rate * seconds;
        var times = new double[total];
        var errors = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await send(index);
                    await response.Content.LoadIntoBufferAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                times[index] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(tasks);
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return new Latencies(times, errors, total / clock.Elapsed.TotalSeconds, cpuMs / total);
    }

    /// <summary><paramref name="CpuMsPerRequest"/>: process CPU (server and generator) per request, a figure a busy machine does not inflate.</summary>
    private sealed record Latencies(double[] Times, int Errors, double Achieved, double CpuMsPerRequest)
    {
        private readonly double[] _sorted = [.. Times.Order()];

        public int Count => Times.Length;

        public double P(double q) => _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(q * _sorted.Length) - 1)];
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string review) =>
        client.PostAsync(AdmissionWebhook.ValidatePath, new StringContent(review, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> Post(HttpClient client, string review)
    {
        using var response = await Send(client, review);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("response").Clone();
    }

    private static JsonObject Review(string uid, string[] images) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = "apps", ["version"] = "v1", ["kind"] = "Deployment" },
            ["namespace"] = "shop",
            ["name"] = "web",
            ["operation"] = "CREATE",
            ["object"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "web", ["labels"] = new JsonObject { ["app"] = "web" } },
                ["spec"] = new JsonObject
                {
                    ["template"] = new JsonObject
                    {
                        ["spec"] = new JsonObject
                        {
                            ["containers"] = new JsonArray([.. images.Select((image, i) => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["image"] = image })]),
                        },
                    },
                },
            },
        },
    };

    /// <summary>Submits an image to the service and waits for its analysis; returns the digest it is stored under.</summary>
    private static async Task<string> Analyse(HttpClient client, string source)
    {
        using var accepted = await client.PostAsJsonAsync("/v1/images", new { source });
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        for (var i = 0; i < 3000; i++)
        {
            var image = JsonDocument.Parse(await client.GetStringAsync($"/v1/images/{id}")).RootElement;
            switch (image.GetProperty("status").GetString())
            {
                case "analyzed":
                    return image.GetProperty("digest").GetString()!;
                case "analysis_failed":
                    throw new InvalidOperationException($"{source}: {image.GetProperty("failure_reason")}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{source}: not analysed within 5 minutes");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
    }
}
