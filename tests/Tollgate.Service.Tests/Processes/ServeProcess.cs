using System.Diagnostics;
using System.Text;

namespace Tollgate.Service.Tests.Processes;

/// <summary>
/// A real `tollgate serve` child process (the built tollgate.dll beside the tests, run as the Cli tests run it), with
/// the admin key in TOLLGATE_ADMIN_KEY. <see cref="StartAsync"/> returns once it printed the address it listens on.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    public const string AdminKey = "multi-process-admin-key";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Url { get; private set; } = string.Empty;

    /// <summary>Everything it wrote to stdout and stderr so far (for assertion messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? adminKey)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add("--runtimeconfig");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tollgate.runtimeconfig.json"));
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tollgate.dll"));
        info.ArgumentList.Add("serve");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("TOLLGATE_ADMIN_KEY");
        if (adminKey is not null)
        {
            info.Environment["TOLLGATE_ADMIN_KEY"] = adminKey;
        }

        return info;
    }

    /// <summary>
    /// Starts `tollgate serve --urls http://127.0.0.1:0 --store STORE --allow-local-sources ARGS…` (the tests queue
    /// archives by path) and waits for its listening line.
    /// </summary>
    public static async Task<ServeProcess> StartAsync(string store, params string[] args)
    {
        var serve = new ServeProcess(Process.Start(StartInfo(["--urls", "http://127.0.0.1:0", "--store", store, "--allow-local-sources", .. args], AdminKey))!);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        serve._process.OutputDataReceived += (_, e) => serve.Collect(e.Data, listening);
        serve._process.ErrorDataReceived += (_, e) => serve.Collect(e.Data, null);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var exited = serve._process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
        if (first != listening.Task)
        {
            serve.Kill();
            throw new InvalidOperationException($"tollgate serve did not start: {serve.Output}");
        }

        serve.Url = await listening.Task;
        return serve;
    }

    /// <summary>kill -9: the process dies at once, mid-whatever, as on an OOM kill or a lost node.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as Kubernetes and systemd stop a service; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line, TaskCompletionSource<string>? listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string Marker = "listening on ";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (listening is not null && at >= 0)
        {
            listening.TrySetResult(line[(at + Marker.Length)..].Split(' ')[0]);
        }
    }
}
