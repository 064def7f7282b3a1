using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Tollgate.Service.Feeds;
using Tollgate.Service.Notifications;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>The whole service (ServiceApp.Build: store, workers, endpoints) on a loopback port, and an admin client.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly WebApplication _app;

    private ServiceHost(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public HttpClient Client { get; }

    public static async Task<ServiceHost> StartAsync(string store, string dir, IReadOnlyList<string> allowOutbound, IReadOnlyList<string>? insecureRegistries = null)
    {
        var options = new ServiceOptions
        {
            Store = store,
            PollInterval = TimeSpan.FromMilliseconds(100),
            VulnDbPath = Path.Combine(dir, "vulns.db"),
            Notifications = new NotificationOptions { AllowOutbound = allowOutbound, InsecureRegistries = insecureRegistries ?? [], TagPollInterval = null, FirstBackoff = TimeSpan.FromMilliseconds(200) },
        };
        var app = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        await app.StartAsync();
        return new ServiceHost(app);
    }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls GET <paramref name="path"/> until <paramref name="done"/> holds for its body.</summary>
    public async Task<JsonNode> WaitAsync(string path, Func<JsonNode, bool> done, int seconds = 120)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            var (status, body) = await SendAsync(HttpMethod.Get, path);
            if (status == 200 && body is not null && done(body))
            {
                return body;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"GET {path}: condition not met after {seconds} s");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
