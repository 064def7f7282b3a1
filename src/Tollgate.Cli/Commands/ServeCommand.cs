using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tollgate.Cli.CommandLine;
using Tollgate.Service;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate serve`: the HTTP API and background workers (or either alone, for the Helm chart's two deployments).</summary>
public sealed partial class ServeCommand : ICommand
{
    public const string AdminKeyVariable = "TOLLGATE_ADMIN_KEY";

    public string Name => "serve";

    public string Summary => "run the API service and its analysis workers (SQLite or PostgreSQL store)";

    public string Usage => """
        usage: tollgate serve [--urls URLS] [--store STORE] [--admin-key-file FILE] [--workers N] [--job-lease DURATION]
                              [--shutdown-grace DURATION] [--no-workers | --workers-only] [--anonymous-metrics]

          --urls             where to listen (default http://127.0.0.1:8228; several separated by ';')
          --store            sqlite:PATH (default sqlite:tollgate.db) or postgres://user:password@host:port/db
          --admin-key-file   file holding the first admin key (else $TOLLGATE_ADMIN_KEY); required
          --workers          analysis jobs run at once in this process (default 2)
          --job-lease        how long a job stays claimed without renewal: a dead worker's job is reclaimed after it (default 5m)
          --shutdown-grace   on SIGTERM, in-flight jobs get this long to finish before going back to the queue (default 30s)
          --no-workers       API only: queue jobs, run none
          --workers-only     workers only: serve just /health and /ready
          --anonymous-metrics  serve /metrics without a key (default: read role)

        Durations: 500ms, 30s, 5m, 1h, or plain seconds. Several processes may share one PostgreSQL store: each job runs once.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>
    {
        "--urls", "--store", "--admin-key-file", "--workers", "--job-lease", "--shutdown-grace",
    };

    public IReadOnlySet<string> FlagOptions { get; } = new HashSet<string> { "--no-workers", "--workers-only", "--anonymous-metrics" };

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        if (args.Flag("--no-workers") && args.Flag("--workers-only"))
        {
            throw new UsageException("--no-workers and --workers-only exclude each other");
        }

        var adminKey = AdminKey(args.Value("--admin-key-file"));
        var workers = args.Value("--workers") is { } n ? ParseCount("--workers", n) : 2;
        var options = new ServiceOptions
        {
            Store = args.Value("--store") ?? "sqlite:tollgate.db",
            RunWorkers = !args.Flag("--no-workers"),
            RunApi = !args.Flag("--workers-only"),
            Workers = workers,
            JobLease = args.Value("--job-lease") is { } lease ? ParseDuration("--job-lease", lease) : new ServiceOptions().JobLease,
            ShutdownGrace = args.Value("--shutdown-grace") is { } grace ? ParseDuration("--shutdown-grace", grace) : new ServiceOptions().ShutdownGrace,
            AnonymousMetrics = args.Flag("--anonymous-metrics"),
        };
        WebApplication app;
        try
        {
            app = ServiceApp.Build(options, adminKey, args.Value("--urls") ?? "http://127.0.0.1:8228");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new UsageException(e.Message); // names the store already
        }
        catch (System.Data.Common.DbException e)
        {
            throw new UsageException($"--store: {e.Message}");
        }

        await using (app)
        {
            await app.StartAsync(cancellationToken);
            var store = app.Services.GetRequiredService<Service.Store.StoreDatabase>().Description;
            var parts = (options.RunApi ? "API" : "probes only") + (options.RunWorkers ? $", {options.Workers} workers" : ", no workers");
            // Tests and operators read the bound addresses from this line (--urls may ask for port 0).
            Console.Out.WriteLine($"tollgate serve: listening on {string.Join(' ', app.Urls)} ({parts}; store {store})");
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }

    /// <summary>The first admin key: --admin-key-file wins over $TOLLGATE_ADMIN_KEY; the service refuses to start without one.</summary>
    private static string AdminKey(string? file)
    {
        string? key;
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"--admin-key-file {file}: no such file");
            }

            key = File.ReadAllText(file).Trim();
            if (key.Length == 0)
            {
                throw new UsageException($"--admin-key-file {file}: the file is empty");
            }
        }
        else
        {
            key = Environment.GetEnvironmentVariable(AdminKeyVariable)?.Trim();
        }

        return string.IsNullOrEmpty(key)
            ? throw new UsageException($"serve needs an admin key: set {AdminKeyVariable} or pass --admin-key-file FILE (authentication is always on)")
            : key;
    }

    private static int ParseCount(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256
            ? n
            : throw new UsageException($"{option} {text}: expected a whole number from 1 to 256");

    public static TimeSpan ParseDuration(string option, string text)
    {
        var match = Duration().Match(text);
        if (!match.Success)
        {
            throw new UsageException($"{option} {text}: expected a duration such as 500ms, 30s, 5m, 1h");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
        return span > TimeSpan.Zero ? span : throw new UsageException($"{option} {text}: must be more than zero");
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$")]
    private static partial Regex Duration();
}
