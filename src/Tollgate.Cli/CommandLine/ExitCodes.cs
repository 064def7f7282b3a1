namespace Tollgate.Cli.CommandLine;

/// <summary>The command-line contract scripts depend on.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A gate tripped: policy STOP, or --fail-on matched.</summary>
    public const int GateTripped = 1;

    public const int Error = 2;
}

/// <summary>A user-facing failure: printed as "tollgate: MESSAGE" on stderr, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
