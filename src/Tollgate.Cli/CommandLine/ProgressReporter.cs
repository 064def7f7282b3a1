using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Cli.CommandLine;

/// <summary>
/// Progress of the long steps (pull and analysis, vulnerability matching, DB import, writing reports) on stderr, for
/// a person at a terminal: one line redrawn with the elapsed time, then a line per finished step. Nothing at all
/// when stderr is not a terminal, under CI (CI=true, as GitHub Actions and GitLab set it) or with --quiet, so logs and
/// pipes carry only warnings and errors. Stdout is never touched: reports written there stay clean.
/// </summary>
public sealed class ProgressReporter
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);
    private readonly TextWriter? _terminal;

    private ProgressReporter(TextWriter? terminal) => _terminal = terminal;

    public static ProgressReporter Off { get; } = new(null);

    public bool Enabled => _terminal is not null;

    public static ProgressReporter For(ParsedArgs args) =>
        IsEnabled(args.Quiet, Environment.GetEnvironmentVariable("CI"), Console.IsErrorRedirected) ? new(Console.Error) : Off;

    /// <summary>Progress is for people: off when asked, in CI, or when stderr goes to a file or pipe.</summary>
    public static bool IsEnabled(bool quiet, string? ci, bool stderrRedirected) =>
        !quiet && !stderrRedirected && ci?.Trim().ToLowerInvariant() is null or "" or "0" or "false" or "no";

    public async Task<T> StepAsync<T>(string what, Func<Task<T>> work)
    {
        if (_terminal is null)
        {
            return await work();
        }

        var sw = Stopwatch.StartNew();
        using var ticker = new Timer(_ => Draw($"{Spinner(sw.Elapsed)} {what} {Seconds(sw.Elapsed)}", newline: false), null, TimeSpan.Zero, Redraw);
        try
        {
            var result = await work();
            await ticker.DisposeAsync();
            Draw($"done {what} ({Seconds(sw.Elapsed)})", newline: true);
            return result;
        }
        catch
        {
            await ticker.DisposeAsync();
            Draw($"failed {what} ({Seconds(sw.Elapsed)})", newline: true);
            throw;
        }
    }

    public T Step<T>(string what, Func<T> work) => StepAsync(what, () => Task.FromResult(work())).GetAwaiter().GetResult();

    public void Step(string what, Action work) => Step(what, () =>
    {
        work();
        return 0;
    });

    private void Draw(string line, bool newline)
    {
        lock (_terminal!)
        {
            // \r and erase-line: the step's line is redrawn in place, never scrolled.
            _terminal.Write("\r\u001b[K" + line + (newline ? "\n" : ""));
            _terminal.Flush();
        }
    }

    private static char Spinner(TimeSpan elapsed) => "|/-\\"[(int)(elapsed.TotalMilliseconds / Redraw.TotalMilliseconds) % 4];

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
