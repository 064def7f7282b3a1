using Tollgate.Cli.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary>One verb of `tollgate`. Each command declares its options so parsing and help come from one place.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line for `tollgate --help`.</summary>
    string Summary { get; }

    /// <summary>Usage text for `tollgate VERB --help`.</summary>
    string Usage { get; }

    /// <summary>Options that take a value ("--db").</summary>
    IReadOnlySet<string> ValueOptions { get; }

    /// <summary>Options that are plain flags ("--quiet").</summary>
    IReadOnlySet<string> FlagOptions { get; }

    /// <summary>Runs the command; returns an exit code from <see cref="ExitCodes"/>.</summary>
    Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken);
}
