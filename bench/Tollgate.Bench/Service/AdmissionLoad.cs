using System.Diagnostics;

namespace Tollgate.Bench.Service;

/// <summary>
/// An open-loop load generator: request i is due at start + i/rate and is sent then whether or not earlier ones
/// have returned, and its latency is measured from that due time (so a stalled server or a late generator is
/// counted, not hidden: no coordinated omission). How late the generator itself sent is reported apart.
/// </summary>
public static class AdmissionLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient client, int rate, double seconds, Func<int, HttpRequestMessage> request, Func<TimeSpan> serverCpu)
    {
        var total = (int)(rate * seconds);
        var latency = new double[total];
        var sendLag = new double[total];
        var errors = 0;
        var tasks = new Task[total];
        var serverBefore = serverCpu();
        var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = (double)i / rate * 1000;
            var wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var index = i;
            sendLag[index] = clock.Elapsed.TotalMilliseconds - due;
            tasks[index] = Send(client, request(index), () => latency[index] = clock.Elapsed.TotalMilliseconds - due, () => Interlocked.Increment(ref errors));
        }

        await Task.WhenAll(tasks);
        var wall = clock.Elapsed;
        var own = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;
        return new LoadResult(Sorted(latency), Sorted(sendLag), errors, total / wall.TotalSeconds,
            (serverCpu() - serverBefore).TotalMilliseconds / total, own.TotalMilliseconds / total);
    }

    private static async Task Send(HttpClient client, HttpRequestMessage message, Action done, Action failed)
    {
        try
        {
            using (message)
            using (var response = await client.SendAsync(message))
            {
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    failed();
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failed();
        }

        done();
    }

    private static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }
}

/// <summary>One scenario's figures; latencies sorted, in ms. CPU per request: the server's and the generator's, apart.</summary>
public sealed record LoadResult(double[] Latency, double[] SendLag, int Errors, double Achieved, double ServerCpuMs, double GeneratorCpuMs)
{
    public int Count => Latency.Length;

    public double P(double q) => At(Latency, q);

    public static double At(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    public string Describe(string name, int rate) =>
        $"{name,-20}: {Count} requests at {rate}/s, achieved {Achieved:F0}/s, p50 {P(0.5):F2} ms, p90 {P(0.9):F2} ms, p99 {P(0.99):F2} ms, " +
        $"max {P(1):F2} ms, errors {Errors}; server CPU {ServerCpuMs:F2} ms/request, generator CPU {GeneratorCpuMs:F2} ms/request, " +
        $"generator send lag p99 {At(SendLag, 0.99):F2} ms";
}
