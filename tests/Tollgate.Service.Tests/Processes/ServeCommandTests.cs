using System.Net;
using Tollgate.Cli.Commands;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Processes;

/// <summary>`tollgate serve` option handling, in process (exit 2 and a message naming the option, before anything starts).</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2.5", 2_500)]
    public void DurationsTakeAUnitOrPlainSeconds(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ServeCommand.ParseDuration("--job-lease", text));

    [Theory]
    [InlineData("--job-lease", "soon", "--job-lease soon: expected a duration")]
    [InlineData("--job-lease", "0s", "--job-lease 0s: must be more than zero")]
    [InlineData("--workers", "0", "--workers 0: expected a whole number from 1 to 256")]
    [InlineData("--store", "mysql://x", "expected sqlite:PATH or postgres://")]
    [InlineData("--admin-key-file", "/nonexistent/key", "--admin-key-file /nonexistent/key: no such file")]
    [InlineData("--feed-interval", "daily", "--feed-interval daily: expected a duration")]
    [InlineData("--allow-outbound", "10.0.0.0/33", "--allow-outbound 10.0.0.0/33: prefix length must be 0..32")]
    [InlineData("--allow-outbound", "not a host!", "--allow-outbound not a host!: expected a host name")]
    [InlineData("--allow-local-sources", "/nonexistent/images", "--allow-local-sources /nonexistent/images: no such directory")]
    public async Task BadOptionsExitTwoNamingTheOption(string option, string value, string message)
    {
        var keyFile = Path.Combine(_dir, "admin.key");
        await File.WriteAllTextAsync(keyFile, "k\n");
        string[] args = option == "--admin-key-file"
            ? ["serve", option, value]
            : ["serve", "--admin-key-file", keyFile, "--store", "sqlite:" + Path.Combine(_dir, "t.db"), option, value];
        var (exit, stderr) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
    }

    [Theory]
    [InlineData(new[] { "--allow-local-sources", "--workers", "1" }, true, null)]
    [InlineData(new[] { "--workers", "1", "--allow-local-sources" }, true, null)]
    [InlineData(new[] { "--allow-local-sources", "/srv/images", "--workers", "1" }, true, "/srv/images")]
    [InlineData(new[] { "--allow-local-sources=/srv/images" }, true, "/srv/images")]
    [InlineData(new[] { "--workers", "1" }, false, null)]
    public void AllowLocalSourcesTakesAnOptionalDirectory(string[] args, bool flag, string? dir)
    {
        var command = new ServeCommand();
        var parsed = Tollgate.Cli.CommandLine.ParsedArgs.Parse(args, new HashSet<string>(command.ValueOptions), new HashSet<string>(command.FlagOptions));
        Assert.Equal(flag, parsed.Flag("--allow-local-sources") || parsed.Value("--allow-local-sources") is not null);
        Assert.Equal(dir, parsed.Value("--allow-local-sources"));
        Assert.Equal("1", parsed.Value("--workers") ?? "1");
        Assert.Empty(parsed.Positionals);
    }

    [Fact]
    public async Task ApiOnlyAndWorkersOnlyExcludeEachOther()
    {
        var (exit, stderr) = await RunAsync(["serve", "--no-workers", "--workers-only"]);
        Assert.Equal(2, exit);
        Assert.Contains("exclude each other", stderr);
    }

    [Fact]
    public async Task WorkersOnlyProcessServesOnlyProbes()
    {
        var options = new ServiceOptions { Store = "sqlite:" + Path.Combine(_dir, "w.db"), RunApi = false };
        await using var app = ServiceApp.Build(options, "k", "http://127.0.0.1:0");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/images")).StatusCode);
        await app.StopAsync();
    }

    private static async Task<(int Exit, string Stderr)> RunAsync(string[] args)
    {
        using var process = System.Diagnostics.Process.Start(ServeProcess.StartInfo(args.Skip(1), adminKey: null))!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }
}
