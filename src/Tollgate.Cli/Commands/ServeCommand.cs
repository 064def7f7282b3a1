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
                              [--db FILE] [--feed-interval DURATION] [--feed-source NAME=URL]... [--tag-poll-interval DURATION]
                              [--allow-outbound HOST|CIDR]... [--insecure-registry HOST]... [--allow-local-sources [DIR]]
                              [--secret-key-file FILE]

          --urls             where to listen (default http://127.0.0.1:8228; several separated by ';')
          --store            sqlite:PATH (default sqlite:tollgate.db) or postgres://user:password@host:port/db
          --admin-key-file   file holding the first admin key (else $TOLLGATE_ADMIN_KEY); required
          --workers          analysis jobs run at once in this process (default 2)
          --job-lease        how long a job stays claimed without renewal: a dead worker's job is reclaimed after it (default 5m)
          --shutdown-grace   on SIGTERM, in-flight jobs get this long to finish before going back to the queue (default 30s)
          --no-workers       API only: queue jobs, run none
          --workers-only     workers only: serve just /health and /ready
          --anonymous-metrics  serve /metrics without a key (default: read role)
          --tls-cert-file, --tls-key-file  PEM pair for https:// URLs (the admission webhook); re-read when renewed
          --admission-config     admission rules, JSON or YAML (docs/admission.md); re-read when changed
          --admission-bundle     bundle file or pack:NAME admission evaluates; several separated by ';', the first is active
          --admission-token-file the admission webhook also requires `Authorization: Bearer <file content>`
          --db               vulnerability DB file shared by every process (default: $TOLLGATE_DB, else the user's data folder)
          --feed-interval    run `db update` this often (default: only on POST /v1/feeds/update)
          --feed-source      NAME=URL source for scheduled updates (repeatable; default: the public feeds `db update` uses)
          --tag-poll-interval  how often tag_update subscriptions ask their registry (default 5m)
          --allow-outbound   host or CIDR that webhooks, feed sources and registries may reach although it is loopback,
                             private or link-local (repeatable; default: none, to stop SSRF into the service's network)
          --insecure-registry  registry host reached over plain HTTP (repeatable)
          --allow-local-sources [DIR]  let API clients submit server paths (docker-archive:, oci-archive:, oci-dir:, dir:);
                             with DIR only paths that resolve inside it (symlinks followed, '..' refused). Default: off,
                             clients send registry references or upload archives and SBOMs
          --secret-key-file  base64 of 32 random bytes sealing registry passwords and webhook secrets (else
                             $TOLLGATE_SECRET_KEY, else a key generated beside the store); every process of one store needs the same

        Durations: 500ms, 30s, 5m, 1h, or plain seconds. Several processes may share one PostgreSQL store: each job runs once.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>
    {
        "--urls", "--store", "--admin-key-file", "--workers", "--job-lease", "--shutdown-grace",
        "--tls-cert-file", "--tls-key-file", "--admission-config", "--admission-bundle", "--admission-token-file",
        "--db", "--feed-interval", "--feed-source", "--tag-poll-interval", "--allow-outbound", "--insecure-registry",
        "--allow-local-sources", "--secret-key-file",
    };

    public IReadOnlySet<string> FlagOptions { get; } = new HashSet<string> { "--no-workers", "--workers-only", "--anonymous-metrics", "--allow-local-sources" };

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
            Admission = new Service.Admission.AdmissionOptions
            {
                TlsCertFile = args.Value("--tls-cert-file"),
                TlsKeyFile = args.Value("--tls-key-file"),
                ConfigFile = args.Value("--admission-config"),
                Bundles = args.Value("--admission-bundle")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                TokenFile = args.Value("--admission-token-file"),
                VulnDb = args.Value("--db"),
            },
            VulnDbPath = args.Value("--db"),
            Feeds = new Service.Feeds.FeedOptions
            {
                UpdateInterval = args.Value("--feed-interval") is { } every ? ParseDuration("--feed-interval", every) : null,
                Sources = args.Values("--feed-source"),
            },
            Notifications = new Service.Notifications.NotificationOptions
            {
                TagPollInterval = args.Value("--tag-poll-interval") is { } poll ? ParseDuration("--tag-poll-interval", poll) : new Service.Notifications.NotificationOptions().TagPollInterval,
                AllowOutbound = args.Values("--allow-outbound"),
                InsecureRegistries = args.Values("--insecure-registry"),
            },
            AllowLocalSources = args.Flag("--allow-local-sources") || args.Value("--allow-local-sources") is not null,
            LocalSourcesDir = LocalSourcesDir(args.Value("--allow-local-sources")),
            SecretKeyFile = args.Value("--secret-key-file"),
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

    /// <summary>The directory local sources are confined to, checked before the service starts.</summary>
    private static string? LocalSourcesDir(string? dir) => dir is null || Directory.Exists(dir)
        ? dir
        : throw new UsageException($"--allow-local-sources {dir}: no such directory");

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
