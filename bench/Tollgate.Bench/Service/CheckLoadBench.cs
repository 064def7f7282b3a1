using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Service;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Bench.Service;

/// <summary>
/// `service-check [--store sqlite|postgres|URL] [--seconds N] [--clients N] [--image SOURCE]`: the real service on
/// loopback, one analysed image (the alpine test image by default) and the built-in default pack; C concurrent
/// clients call GET /v1/images/{digest}/check for N seconds (bounded), then GET /health the same way as the baseline
/// (the same HTTP stack and authentication, no work). Prints requests/s, p50/p99 and the ratio.
/// Target (issue 9): ≥ 500 requests/s with p99 ≤ 50 ms on SQLite. `--store postgres` starts a throw-away
/// PostgreSQL the way the tests do (TestSupport/Postgres); a postgres:// URL uses that server.
/// </summary>
public sealed class CheckLoadBench : IBench
{
    private const string AdminKey = "bench-admin-key";

    public string Name => "service-check";

    public string Summary => "GET /v1/images/{digest}/check on loopback vs GET /health (target >= 500 req/s, p99 <= 50 ms)";

    public async Task<int> RunAsync(string[] args)
    {
        var store = Arg(args, "--store") ?? "sqlite";
        var seconds = double.Parse(Arg(args, "--seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        var clients = int.Parse(Arg(args, "--clients") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
        var image = Arg(args, "--image") ?? "docker-archive:" + Path.Combine(Environment.GetEnvironmentVariable("TOLLGATE_TESTDATA") ?? ".cache/testdata", "alpine", "docker-archive.tar");
        var dir = Directory.CreateTempSubdirectory("tollgate-bench-").FullName;
        try
        {
            var spec = store switch
            {
                "sqlite" => "sqlite:" + Path.Combine(dir, "bench.db"),
                "postgres" => await PostgresServer.CreateDatabaseAsync(),
                _ => store,
            };
            var options = new ServiceOptions { Store = spec, DataDir = Path.Combine(dir, "data"), PollInterval = TimeSpan.FromMilliseconds(50), AllowLocalSources = true, VulnDbPath = Arg(args, "--db") ?? Path.Combine(dir, "none.db") };
            // Request logging off (warnings only, a production level): the bench measures the service, not the console.
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
            await using var app = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
            await app.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

            var digest = await AnalyzeAsync(http, image);
            (await http.PostAsync("/v1/policies/pack:default/activate", null)).EnsureSuccessStatusCode();
            var check = $"/v1/images/{digest}/check?tag=docker.io/library/bench:1";
            var first = await http.GetAsync(check);
            first.EnsureSuccessStatusCode();
            Console.WriteLine($"store: {(spec.StartsWith("sqlite:", StringComparison.Ordinal) ? "sqlite" : "postgres")}; image {digest}; {clients} clients, {seconds:F0} s per run; first check {(await first.Content.ReadAsByteArrayAsync()).Length} bytes");

            await LoadAsync(http, check, clients, TimeSpan.FromSeconds(Math.Min(2, seconds))); // warm-up: JIT, pools, cache
            var checks = await LoadAsync(http, check, clients, TimeSpan.FromSeconds(seconds));
            var health = await LoadAsync(http, "/health", clients, TimeSpan.FromSeconds(seconds));
            Print("check", checks);
            Print("baseline /health", health);
            Console.WriteLine($"ratio     : check at {checks.Rate / health.Rate:F2}x the baseline's throughput; target >= 500 req/s and p99 <= 50 ms: {(checks.Rate >= 500 && checks.P99 <= 50 ? "met" : "MISSED")}");
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> AnalyzeAsync(HttpClient http, string source)
    {
        var accepted = await http.PostAsJsonAsync("/v1/images", new { source, tag = "docker.io/library/bench:1" });
        accepted.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        for (var i = 0; i < 3000; i++)
        {
            var image = JsonDocument.Parse(await http.GetStringAsync($"/v1/images/{id}")).RootElement;
            switch (image.GetProperty("status").GetString())
            {
                case "analyzed":
                    return image.GetProperty("digest").GetString()!;
                case "analysis_failed":
                    throw new InvalidOperationException($"{source}: {image.GetProperty("failure_reason").GetString()}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{source} was not analysed in 5 minutes");
    }

    /// <summary>Closed loop: each client sends its next request when the previous answered, until the time is up.</summary>
    private static async Task<Run> LoadAsync(HttpClient http, string path, int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var own = latencies[c] = [];
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                own.Add((clock.Elapsed - started).TotalMilliseconds);
            }
        }));
        var wall = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Run(all.Count / wall.TotalSeconds, all[all.Count / 2], all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)], all.Count, errors, wall, cpu);
    }

    /// <summary>CPU time is the whole process (server and in-process clients): per request it is comparable across loads, unlike wall time.</summary>
    private static void Print(string what, Run run) =>
        Console.WriteLine($"{what,-17}: {run.Rate,8:F0} req/s, p50 {run.P50:F2} ms, p99 {run.P99:F2} ms ({run.Requests} requests, {run.Errors} errors); "
            + $"wall {run.Wall.TotalSeconds:F1} s, CPU {run.Cpu.TotalSeconds:F1} s = {run.Cpu.TotalMilliseconds / Math.Max(1, run.Requests):F2} ms/request");

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private sealed record Run(double Rate, double P50, double P99, int Requests, int Errors, TimeSpan Wall, TimeSpan Cpu);
}
