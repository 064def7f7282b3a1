using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tollgate.Reports.Tests.Html;

/// <summary>
/// Debian's chromium, headless with a private profile and a DevTools port it picks itself. Disposing kills the whole
/// process tree and removes the profile, whatever state the test left it in.
/// </summary>
public sealed partial class HeadlessChromium : IDisposable
{
    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, Uri browserSocket)
    {
        _process = process;
        _profile = profile;
        BrowserSocket = browserSocket;
    }

    /// <summary>The browser-level DevTools WebSocket (ws://127.0.0.1:PORT/devtools/browser/ID).</summary>
    public Uri BrowserSocket { get; }

    /// <summary>/usr/bin/chromium (the Debian wrapper), or $CHROMIUM; null when neither exists.</summary>
    public static string? Executable =>
        Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } env ? env
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    public static async Task<HeadlessChromium> LaunchAsync(TimeSpan timeout)
    {
        var executable = Executable ?? throw new InvalidOperationException("chromium is not installed (scripts/install-deps.sh installs Debian's package)");
        var profile = Directory.CreateTempSubdirectory("tollgate-chromium-").FullName;
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root, where Chromium refuses its sandbox. Port 0: no clash with parallel runs.
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1280,1600", "--hide-scrollbars",
                     $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.StandardInput.Close();
        var stderr = new List<string>();
        var socket = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                socket.TrySetException(new InvalidOperationException($"chromium exited before DevTools listened:\n{string.Join('\n', stderr)}"));
                return;
            }

            lock (stderr)
            {
                stderr.Add(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } m)
            {
                socket.TrySetResult(new Uri(m.Groups[1].Value));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            return new HeadlessChromium(process, profile, await socket.Task.WaitAsync(timeout));
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    public void Dispose() => Stop(_process, _profile);

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash handler may still hold a file for a moment; the temp dir is private, so leaving it is harmless.
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();
}
