using System.Diagnostics;

namespace Tollgate.Cli.Tests;

/// <summary>Runs the built `tollgate` as a real child process (exit code, stdout and stderr as a user sees them).</summary>
public static class CliProcess
{
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Tollgate.TestSupport.TestPaths.RepoRoot,
        };
        foreach (var a in Command(args))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start tollgate");
        process.StandardInput.Close();
        return process;
    }

    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs tollgate with stdout and stderr on a pseudo-terminal (util-linux `script`), as a person at a terminal
    /// sees it, with CI and NO_COLOR cleared so only the terminal decides; returns what the terminal showed.
    /// </summary>
    public static async Task<(int Exit, string Terminal)> RunOnTerminalAsync(params string[] args)
    {
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.WorkingDirectory = Tollgate.TestSupport.TestPaths.RepoRoot;
        foreach (var a in new[] { "--quiet", "--return", "--command", string.Join(' ', Command(args).Prepend("dotnet").Select(ShellQuote)), "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("CI");
        info.Environment.Remove("NO_COLOR");
        info.Environment["TERM"] = "xterm";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start script");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    // The arguments of `dotnet` that run the tollgate.dll built next to the tests.
    private static IEnumerable<string> Command(IEnumerable<string> args) =>
        ["exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "tollgate.runtimeconfig.json"), Path.Combine(AppContext.BaseDirectory, "tollgate.dll"), .. args];

    private static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
