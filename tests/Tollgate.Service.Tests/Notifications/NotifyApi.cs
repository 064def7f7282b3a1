using System.Text.Json.Nodes;
using Tollgate.Service.Notifications;
using Tollgate.Service.Tests.Support;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>The service host set up for notification tests, and JSON-node calls against it.</summary>
public static class NotifyApi
{
    /// <summary>Starts the whole service with its DB in the host's dir, quick retries and the given outbound allowlist.</summary>
    public static Task<ServiceHost> StartAsync(string? store, IReadOnlyList<string> allowOutbound, IReadOnlyList<string>? insecureRegistries = null,
        Func<ServiceOptions, ServiceOptions>? configure = null) =>
        ServiceHost.StartAsync(store, o => (configure ?? (x => x))(o with
        {
            VulnDbPath = Path.Combine(o.DataDir!, "vulns.db"),
            Notifications = new NotificationOptions
            {
                AllowOutbound = allowOutbound,
                InsecureRegistries = insecureRegistries ?? [],
                TagPollInterval = null,
                FirstBackoff = TimeSpan.FromMilliseconds(200),
            },
        }));

    public static async Task<(int Status, JsonNode? Body)> CallAsync(this ServiceHost host, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : ServiceHost.Json(body) };
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls GET <paramref name="path"/> until <paramref name="done"/> holds for its body.</summary>
    public static async Task<JsonNode> WaitAsync(this ServiceHost host, string path, Func<JsonNode, bool> done, int seconds = 120)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            var (status, body) = await host.CallAsync(HttpMethod.Get, path);
            if (status == 200 && body is not null && done(body))
            {
                return body;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"GET {path}: condition not met after {seconds} s");
    }

    /// <summary>Queues a local feed import and waits until it is applied.</summary>
    public static async Task<JsonNode> ImportFeedAsync(this ServiceHost host, string path)
    {
        var (status, queued) = await host.CallAsync(HttpMethod.Post, "/v1/feeds/update", new { path });
        Assert.Equal(202, status);
        var done = await host.WaitAsync($"/v1/feeds/updates/{(long)queued!["job_id"]!}", b => (string?)b["state"] != "pending");
        Assert.True("applied" == (string?)done["state"], done.ToJsonString());
        return done;
    }
}
