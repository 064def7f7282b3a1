using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Service.Notifications;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Store;

using Tollgate.Service.Tests.Support;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>Webhook delivery through the job queue to a real local receiver; run on both engines.</summary>
public abstract class WebhookTests : EngineTests
{
    private const string Secret = "0123456789abcdef-test-secret";
    private WebhookReceiver? _receiver;

    private WebhookReceiver Receiver => _receiver!;

    public override async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task SubscribedNotificationIsDeliveredSignedOnceAndUnsubscribedOneOnlyLogged()
    {
        using var h = await StartAsync(["127.0.0.1"]);
        AddWebhook(h, WebhookFormats.Generic);
        h.Get<SubscriptionStore>().Add(NotificationTypes.VulnUpdate, "alpine:3.20.3");

        var delivered = Publish(h, NotificationTypes.VulnUpdate, ["img1", "alpine:3.20.3"]);
        Publish(h, NotificationTypes.VulnUpdate, ["img2", "debian:12"]); // nobody subscribed to this image
        Publish(h, NotificationTypes.PolicyEval, ["img1", "alpine:3.20.3"]); // nor to this type
        await h.RunJobsAsync();

        var request = Assert.Single(Receiver.Received);
        Assert.Equal(delivered.Id, request.Headers["X-Tollgate-Event-Id"]);
        Assert.Equal(NotificationTypes.VulnUpdate, request.Headers["X-Tollgate-Event"]);
        // The signature, recomputed independently: HMAC-SHA256(secret, "{timestamp}.{event id}.{body}").
        var signed = Encoding.UTF8.GetBytes($"{request.Headers["X-Tollgate-Timestamp"]}.{delivered.Id}.").Concat(request.Body).ToArray();
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)), request.Headers["X-Tollgate-Signature"]);
        Assert.True(WebhookSignature.Verify(Secret, request.Headers["X-Tollgate-Signature"], request.Headers["X-Tollgate-Timestamp"], delivered.Id, request.Body, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify("another-secret-of-16", request.Headers["X-Tollgate-Signature"], request.Headers["X-Tollgate-Timestamp"], delivered.Id, request.Body, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify(Secret, request.Headers["X-Tollgate-Signature"], request.Headers["X-Tollgate-Timestamp"], delivered.Id, request.Body, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddMinutes(10)));
        var body = JsonNode.Parse(request.Text)!;
        Assert.Equal(delivered.Id, (string?)body["id"]);
        Assert.Equal("CVE-2024-0001", (string?)body["data"]!["cve"]);
        Assert.Equal(3, h.Get<EventLog>().List().Count); // every notification is logged, delivered or not
    }

    [Fact]
    public async Task FailingEndpointIsRetriedWithBackoffThenDeadLetteredAndReplayed()
    {
        using var h = await StartAsync(["127.0.0.1"]);
        AddWebhook(h, WebhookFormats.Generic);
        h.Get<SubscriptionStore>().Add(NotificationTypes.PolicyEval, SubscriptionStore.AllImages);
        Receiver.Status = 503;
        var notification = Publish(h, NotificationTypes.PolicyEval, ["img1"]);

        for (var i = 0; i < 50 && h.Get<WebhookStore>().DeadLetters().Count == 0; i++)
        {
            await h.RunJobsAsync();
            await Task.Delay(50);
        }

        var attempts = Receiver.Received;
        Assert.Equal(h.Options.Notifications.MaxAttempts, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(notification.Id, a.Headers["X-Tollgate-Event-Id"])); // the same event each time
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(90), "first backoff");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(190), "doubled backoff");
        var letter = Assert.Single(h.Get<WebhookStore>().DeadLetters());
        Assert.Equal("HTTP 503 Service Unavailable", letter.LastError);

        Receiver.Status = 200;
        Assert.True(h.Get<WebhookStore>().Replay(letter.Id));
        await h.RunJobsAsync();
        Assert.Equal(notification.Id, Receiver.Received[^1].Headers["X-Tollgate-Event-Id"]);
        Assert.Equal(attempts.Count + 1, Receiver.Received.Count);
        Assert.Empty(h.Get<WebhookStore>().DeadLetters());
    }

    [Fact]
    public async Task LoopbackEndpointNotAllowlistedIsRefusedAtDelivery()
    {
        // The endpoint is stored directly, as if the creation check had been passed when the name resolved elsewhere.
        using var h = await StartAsync([]);
        AddWebhook(h, WebhookFormats.Generic);
        h.Get<SubscriptionStore>().Add(NotificationTypes.VulnUpdate, SubscriptionStore.AllImages);
        Publish(h, NotificationTypes.VulnUpdate, ["img1"]);

        for (var i = 0; i < 50 && h.Get<WebhookStore>().DeadLetters().Count == 0; i++)
        {
            await h.RunJobsAsync();
            await Task.Delay(50);
        }

        Assert.Empty(Receiver.Received);
        Assert.Contains("refused by policy", Assert.Single(h.Get<WebhookStore>().DeadLetters()).LastError);
    }

    [Fact]
    public async Task SlackAndJiraEndpointsGetTheirOwnBodies()
    {
        using var h = await StartAsync(["127.0.0.1"]);
        AddWebhook(h, WebhookFormats.Slack, "slack");
        AddWebhook(h, WebhookFormats.JiraV2, "rest/api/2/issue");
        AddWebhook(h, WebhookFormats.JiraV3, "rest/api/3/issue");
        h.Get<SubscriptionStore>().Add(NotificationTypes.VulnUpdate, SubscriptionStore.AllImages);
        var notification = Publish(h, NotificationTypes.VulnUpdate, ["img1"]);
        await h.RunJobsAsync();

        var byPath = Receiver.Received.ToDictionary(r => r.Path);
        var slack = JsonNode.Parse(byPath["/slack"].Text)!;
        Assert.Contains(notification.Summary, (string?)slack["text"]);
        Assert.Equal("header", (string?)slack["blocks"]![0]!["type"]);

        var v2 = JsonNode.Parse(byPath["/rest/api/2/issue"].Text)!["fields"]!;
        Assert.Equal("SEC", (string?)v2["project"]!["key"]);
        Assert.Equal("Bug", (string?)v2["issuetype"]!["name"]);
        Assert.StartsWith("[tollgate] vuln_update:", (string?)v2["summary"]);
        Assert.Contains(notification.Id, (string?)v2["description"]);
        Assert.Equal("Basic amlyYTp0b2tlbg==", byPath["/rest/api/2/issue"].Headers["Authorization"]);

        var v3 = JsonNode.Parse(byPath["/rest/api/3/issue"].Text)!["fields"]!["description"]!;
        Assert.Equal("doc", (string?)v3["type"]);
        Assert.Equal(1, (int)v3["version"]!);
        Assert.Equal("paragraph", (string?)v3["content"]![0]!["type"]);
        Assert.Equal("codeBlock", (string?)v3["content"]!.AsArray()[^1]!["type"]);
        Assert.Equal("CVE-2024-0001", (string?)JsonNode.Parse((string)v3["content"]!.AsArray()[^1]!["content"]![0]!["text"]!)!["cve"]);
    }

    private async Task<NotifyHarness> StartAsync(IReadOnlyList<string> allow)
    {
        _receiver = await WebhookReceiver.StartAsync();
        return new NotifyHarness(Spec, Dir, o => o with { Notifications = o.Notifications with { AllowOutbound = allow } });
    }

    private void AddWebhook(NotifyHarness h, string format, string path = "") =>
        h.Get<WebhookStore>().Add(new Webhook($"wh_{format}", Receiver.Url + "/" + path, format, [], Secret,
            format.StartsWith("jira", StringComparison.Ordinal) ? "Basic amlyYTp0b2tlbg==" : null, "SEC", "Bug", DateTimeOffset.UtcNow));

    private static Notification Publish(NotifyHarness h, string type, IReadOnlyCollection<string> keys)
    {
        var notification = Notification.Create(type, "warn", keys.First(), $"{type} for {keys.First()}", new JsonObject { ["cve"] = "CVE-2024-0001" });
        h.Get<StoreDatabase>().Write(tx => Notifier.Publish(tx, notification, keys));
        return notification;
    }
}

public sealed class SqliteWebhookTests : WebhookTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresWebhookTests : WebhookTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
