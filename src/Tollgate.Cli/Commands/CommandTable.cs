namespace Tollgate.Cli.Commands;

/// <summary>Every verb of `tollgate`. Add a command here and nowhere else.</summary>
public static class CommandTable
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new InspectCommand(),
        new FilesCommand(),
        new SbomCommand(),
        new ConvertCommand(),
        new ScanCommand(),
        new DbCommand(),
        new CheckCommand(),
        new PolicyCommand(),
        new ServeCommand(),
        new HealthCommand(),
    ];
}
