using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.Bench.Service;

/// <summary>
/// A real `tollgate serve` in its own process (the CLI next to the bench), optionally pinned to given cores with
/// taskset, so the load generator does not share a core or a runtime with the server it measures. Its CPU time is
/// read from /proc, apart from the generator's.
/// </summary>
public sealed class AdmissionServer : IAsyncDisposable
{
    private readonly Process _process;

    private AdmissionServer(Process process, Uri url, string? cores)
    {
        _process = process;
        Url = url;
        Cores = cores;
    }

    public Uri Url { get; }

    /// <summary>Lines the server has written to stdout and stderr so far (a per-request log line shows here).</summary>
    public int LogLines => Volatile.Read(ref _logLines);

    private int _logLines;

    /// <summary>The cores the server is pinned to (taskset -c), or null when unpinned.</summary>
    public string? Cores { get; }

    /// <summary>User + system CPU of the server process so far (from /proc/PID/stat, clock ticks of 10 ms).</summary>
    public TimeSpan Cpu
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    public static async Task<AdmissionServer> StartAsync(string dir, string adminKey, string? cores, IReadOnlyList<string> serveArgs)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "tollgate.dll");
        var port = FreePort();
        var keyFile = Path.Combine(dir, "admin.key");
        await File.WriteAllTextAsync(keyFile, adminKey);
        var start = new ProcessStartInfo(cores is null ? Environment.ProcessPath! : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        if (cores is not null)
        {
            foreach (var arg in new[] { "-c", cores, Environment.ProcessPath! })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { cli, "serve", "--urls", $"http://127.0.0.1:{port}", "--admin-key-file", keyFile }.Concat(serveArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start tollgate serve");
        var log = new List<string>();
        var server = new AdmissionServer(process, new Uri($"http://127.0.0.1:{port}"), cores);
        process.OutputDataReceived += (_, e) => server.Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"tollgate serve exited with {process.ExitCode}: {string.Join('\n', log)}");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // starting
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException("tollgate serve did not answer /health within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(List<string> log, string? line)
    {
        if (line is not null)
        {
            Interlocked.Increment(ref _logLines);
        }

        lock (log)
        {
            if (line is not null && log.Count < 200)
            {
                log.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
