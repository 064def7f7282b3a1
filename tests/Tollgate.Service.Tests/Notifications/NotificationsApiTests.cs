using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>The feeds, subscriptions, webhooks and events endpoints over real HTTP.</summary>
public sealed class NotificationsApiTests : IAsyncLifetime
{
    private readonly string _dir = TestPaths.NewTempDir();
    private ServiceHost? _host;

    private ServiceHost Host => _host!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync("sqlite:" + Path.Combine(_dir, "t.db"), _dir, ["127.0.0.1"]);

    [Theory]
    [InlineData("http://127.0.0.2:9/hook", "loopback")]
    [InlineData("http://0.0.0.0:9/hook", "unspecified")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://192.168.0.10/hook", "private")]
    [InlineData("http://[fd00::1]/hook", "unique local")]
    public async Task WebhookToANonAllowlistedInternalAddressIsRefusedAtCreation(string url, string why)
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/v1/webhooks", new { url });
        Assert.Equal(400, status);
        Assert.Contains(why, (string?)body!["detail"]);
        Assert.Empty((await Host.SendAsync(HttpMethod.Get, "/v1/webhooks")).Body!.AsArray());
    }

    [Fact]
    public async Task AllowlistedWebhookIsCreatedAndItsSecretShownOnlyOnce()
    {
        var (status, body) = await Host.SendAsync(HttpMethod.Post, "/v1/webhooks",
            new { url = "http://127.0.0.1:9/hook", format = "jira-v3", jira_project = "SEC", jira_issue_type = "Bug", authorization = "Basic c2VjcmV0LWNyZWRz", types = new[] { "vuln_update" } });
        Assert.True(201 == status, body?.ToJsonString());
        var secret = (string)body!["secret"]!;
        Assert.Equal(64, secret.Length);

        var (_, list) = await Host.SendAsync(HttpMethod.Get, "/v1/webhooks");
        var text = list!.ToJsonString();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("c2VjcmV0LWNyZWRz", text);
        Assert.True((bool)list[0]!["has_authorization"]!);

        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/webhooks", new { url = "http://127.0.0.1:9/", format = "jira-v2" })).Status);
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/webhooks", new { url = "http://127.0.0.1:9/", types = new[] { "nope" } })).Status);
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/webhooks", new { url = "http://127.0.0.1:9/", secret = "short" })).Status);
    }

    [Fact]
    public async Task SubscriptionsAreCreatedListedDeactivatedAndDeleted()
    {
        var (status, created) = await Host.SendAsync(HttpMethod.Post, "/v1/subscriptions", new { type = "vuln_update", key = "registry.example.com/app:1" });
        Assert.Equal(201, status);
        var id = (string)created!["id"]!;
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/subscriptions", new { type = "nope", key = "x" })).Status);
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/subscriptions", new { type = "tag_update", key = "*" })).Status);

        var (_, patched) = await Host.SendAsync(HttpMethod.Patch, $"/v1/subscriptions/{id}", new { active = false });
        Assert.False((bool)patched!["active"]!);
        Assert.Single((await Host.SendAsync(HttpMethod.Get, "/v1/subscriptions?type=vuln_update")).Body!.AsArray());
        Assert.Equal(204, (await Host.SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{id}")).Status);
        Assert.Equal(404, (await Host.SendAsync(HttpMethod.Get, $"/v1/subscriptions/{id}")).Status);
    }

    [Fact]
    public async Task LocalFeedImportIsQueuedAppliedAndLoggedAsAnEvent()
    {
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/feeds/update", new { path = "/nonexistent/feeds" })).Status);
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Post, "/v1/feeds/update", new { sources = new[] { "nourl" } })).Status);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (status, queued) = await Host.SendAsync(HttpMethod.Post, "/v1/feeds/update", new { path = AlpineFeeds.Baseline(_dir) });
        Assert.True(202 == status, queued?.ToJsonString());
        var done = await Host.WaitAsync($"/v1/feeds/updates/{(long)queued!["job_id"]!}", b => (string?)b["state"] != "pending");
        Assert.Equal("applied", (string?)done["state"]);

        var (_, feeds) = await Host.SendAsync(HttpMethod.Get, "/v1/feeds");
        Assert.Equal((long)done["version"]!["id"]!, (long)feeds!["current"]!["id"]!);
        Assert.Contains(feeds["database"]!["sources"]!.AsArray(), s => (string?)s!["name"] == "alpine-secdb");

        var since = Uri.EscapeDataString(before.ToString("O"));
        var (_, events) = await Host.SendAsync(HttpMethod.Get, $"/v1/events?type=feed_update&level=info&since={since}");
        Assert.Contains("alpine-secdb", (string?)Assert.Single(events!.AsArray())!["message"]);
        Assert.Empty((await Host.SendAsync(HttpMethod.Get, $"/v1/events?type=feed_update&until={Uri.EscapeDataString(before.ToString("O"))}")).Body!.AsArray());
        Assert.Equal(400, (await Host.SendAsync(HttpMethod.Get, "/v1/events?since=yesterday")).Status);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
