using Tollgate.Cli.CommandLine;
using Tollgate.Cli.Commands;

namespace Tollgate.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        return await RunAsync(args, cts.Token);
    }

    /// <summary>The whole CLI as a function, so tests can run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(Console.Out);
            return args.Length == 0 ? ExitCodes.Error : ExitCodes.Success;
        }

        if (args[0] is "--version" or "version")
        {
            Console.Out.WriteLine(typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            return ExitCodes.Success;
        }

        var command = CommandTable.All.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            Console.Error.WriteLine($"tollgate: unknown command '{args[0]}' (see 'tollgate --help')");
            return ExitCodes.Error;
        }

        var rest = args.Skip(1).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            Console.Out.WriteLine(command.Usage);
            return ExitCodes.Success;
        }

        try
        {
            var parsed = ParsedArgs.Parse(rest, command.ValueOptions.ToHashSet(), command.FlagOptions.ToHashSet());
            return await command.RunAsync(parsed, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("tollgate: cancelled");
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is UsageException or Images.ImageException or IOException or InvalidDataException
                                      or UnauthorizedAccessException or System.Text.Json.JsonException or HttpRequestException
                                      or FormatException or NotSupportedException)
        {
            Console.Error.WriteLine($"tollgate: {e.Message}");
            if (Environment.GetEnvironmentVariable("TOLLGATE_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return ExitCodes.Error;
        }
    }

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine("tollgate — inspect container images and gate them by policy");
        output.WriteLine();
        output.WriteLine("usage: tollgate <command> <source> [options] [-o FORMAT[=FILE]]...");
        output.WriteLine();
        foreach (var c in CommandTable.All)
        {
            output.WriteLine($"  {c.Name,-10} {c.Summary}");
        }

        output.WriteLine();
        output.WriteLine("sources: oci-dir:PATH[:tag|@digest]  oci-archive:PATH  docker-archive:PATH  dir:PATH  registry:HOST/REPO[:tag|@digest]");
        output.WriteLine("exit codes: 0 success, 1 a gate tripped, 2 an error");
    }
}
