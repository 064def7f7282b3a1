using Tollgate.Cli.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary>
/// `tollgate health [URL]`: GET a service's /health and exit 0 when it answers 2xx. The container image's
/// HEALTHCHECK runs it, so the image needs no curl or shell (fewer packages, fewer CVEs).
/// </summary>
public sealed class HealthCommand : ICommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health";

    public string Name => "health";

    public string Summary => "probe a running tollgate serve (exit 0 when /health answers 2xx)";

    public string Usage => $"""
        usage: tollgate health [URL] [--timeout SECONDS]
          URL        the endpoint to probe (default {DefaultUrl})
          --timeout  give up after this many seconds (default 5)
        exit codes: 0 healthy, 1 unhealthy or unreachable, 2 usage error
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { "--timeout" };

    public IReadOnlySet<string> FlagOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var text = args.Positionals.Count > 0 ? args.Positionals[0] : DefaultUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"health: '{text}' is not an http(s) URL");
        }

        var timeout = args.Value("--timeout") is { } t
            ? int.TryParse(t, out var seconds) && seconds > 0 ? seconds : throw new UsageException($"--timeout: '{t}' is not a number of seconds")
            : 5;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) };
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return ExitCodes.Success;
            }

            Console.Error.WriteLine($"tollgate: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"tollgate: {url}: {(e is TaskCanceledException ? $"no answer within {timeout}s" : e.Message)}");
        }

        return ExitCodes.GateTripped;
    }
}
