using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Support;

/// <summary>
/// The real app, store and workers on a loopback port with its own temp dir: the one test host of the service tests.
/// <see cref="Client"/> sends the admin key; <see cref="RequestAsync(HttpMethod, string, string?, object?)"/> sends
/// any key or none, as clients do. Test hosts opt in to local sources (the tests submit archives by path); tests of the
/// default turn it off.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly HttpClient _keyless;

    private ServiceHost(WebApplication app, string dir, ServiceOptions options, System.Collections.Concurrent.ConcurrentQueue<string> logs)
    {
        Logs = logs;
        App = app;
        Dir = dir;
        Options = options;
        Client = new HttpClient(new Recorder(Transcript) { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        _keyless = new HttpClient(new Recorder(Transcript) { InnerHandler = new HttpClientHandler() }) { BaseAddress = Client.BaseAddress, Timeout = Client.Timeout };
    }

    public WebApplication App { get; }
    public string Dir { get; }
    public ServiceOptions Options { get; }
    public HttpClient Client { get; }

    /// <summary>Every response body the client received, and (in <see cref="Logs"/>) every log line the app wrote.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Transcript { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; }

    /// <summary>
    /// Starts on <paramref name="store"/> (default: a SQLite file in the host's temp dir); <paramref name="beforeStart"/>
    /// may map extra endpoints before the app starts.
    /// </summary>
    public static async Task<ServiceHost> StartAsync(string? store = null, Func<ServiceOptions, ServiceOptions>? configure = null, Action<WebApplication>? beforeStart = null)
    {
        var dir = TestPaths.NewTempDir();
        var options = new ServiceOptions
        {
            Store = store ?? "sqlite:" + Path.Combine(dir, "t.db"),
            PollInterval = TimeSpan.FromMilliseconds(100),
            DataDir = Path.Combine(dir, "data"),
            AllowLocalSources = true,
        };
        options = configure?.Invoke(options) ?? options;
        var app = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        ((Microsoft.Extensions.Logging.ILoggerFactory)app.Services.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory))!).AddProvider(new CapturingLoggerProvider(logs));
        beforeStart?.Invoke(app);
        await app.StartAsync();
        return new ServiceHost(app, dir, options, logs);
    }

    /// <summary>A request with <paramref name="key"/> as Bearer (none when null) and <paramref name="body"/> as JSON.</summary>
    public Task<HttpResponseMessage> RequestAsync(HttpMethod method, string path, string? key = AdminKey, object? body = null) =>
        RequestAsync(method, path, key is null ? null : new AuthenticationHeaderValue("Bearer", key), body);

    public async Task<HttpResponseMessage> RequestAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = authorization;
        return await _keyless.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Creates a key of <paramref name="role"/> with the admin key; returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string name, string role)
    {
        var response = await RequestAsync(HttpMethod.Post, "/v1/keys", AdminKey, new { name, role });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("key").GetString()!;
    }

    public T Service<T>()
        where T : notnull => (T)App.Services.GetService(typeof(T))!;

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public static StringContent Text(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);

    public static JsonContent Json<T>(T value) => JsonContent.Create(value);

    /// <summary>Submits <paramref name="source"/> and waits until its analysis ends; returns the image id.</summary>
    public async Task<JsonElement> AnalyzeAsync(string source, string? tag = null) =>
        await WaitAnalyzedAsync((await SendAsync(HttpMethod.Post, "/v1/images", Json(new { source, tag }))).Body.GetProperty("id").GetString()!);

    public async Task<JsonElement> WaitAnalyzedAsync(string id)
    {
        for (var i = 0; i < 1500; i++)
        {
            var (_, image) = await GetAsync($"/v1/images/{id}");
            if (image.GetProperty("status").GetString() is "analyzed" or "analysis_failed")
            {
                return image;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"image {id} was not analysed in 5 minutes");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _keyless.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>Keeps every response body (the credential-leak test greps them all).</summary>
internal sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<string> transcript) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        transcript.Enqueue($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.Headers} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return response;
    }
}

/// <summary>Every log line of the app, at every level, with exception text.</summary>
internal sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILoggerProvider
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
