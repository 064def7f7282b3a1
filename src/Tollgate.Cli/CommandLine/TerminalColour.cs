namespace Tollgate.Cli.CommandLine;

/// <summary>
/// ANSI colours for tables shown on a terminal: only when the output is stdout, stdout is a terminal, and neither
/// NO_COLOR (no-color.org) nor TERM=dumb nor CI asks for plain text.
/// </summary>
public static class TerminalColour
{
    public static bool For(OutputTarget target) =>
        target.File is null && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb"
        && ProgressReporter.IsEnabled(quiet: false, Environment.GetEnvironmentVariable("CI"), stderrRedirected: false);

    /// <summary>STOP red, WARN yellow, GO green (the text keeps its padding inside the colour).</summary>
    public static string Action(string text) => text.Trim().ToUpperInvariant() switch
    {
        "STOP" => $"\u001b[1;31m{text}\u001b[0m",
        "WARN" => $"\u001b[33m{text}\u001b[0m",
        "GO" => $"\u001b[32m{text}\u001b[0m",
        _ => text,
    };

    /// <summary>Critical bold red, High red, Medium yellow, Low cyan; Negligible and Unknown stay plain.</summary>
    public static string Severity(string text) => text.Trim() switch
    {
        "Critical" => $"\u001b[1;31m{text}\u001b[0m",
        "High" => $"\u001b[31m{text}\u001b[0m",
        "Medium" => $"\u001b[33m{text}\u001b[0m",
        "Low" => $"\u001b[36m{text}\u001b[0m",
        _ => text,
    };
}
