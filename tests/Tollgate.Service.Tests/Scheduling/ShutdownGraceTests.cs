using System.Diagnostics;
using System.Text.Json.Nodes;
using Tollgate.Service.Notifications;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Notifications;
using Tollgate.Service.Tests.Support;

namespace Tollgate.Service.Tests.Scheduling;

/// <summary>
/// Shutdown with a job other than an analysis in flight (a webhook delivery to a slow endpoint): it finishes within
/// the grace, or past the grace it goes back to the queue at once and the next process delivers it — never lost.
/// </summary>
public abstract class ShutdownGraceTests : EngineTests
{
    [Fact]
    public async Task InFlightDeliveryFinishesWithinTheGrace()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(2);
        await using var host = await StartAsync(receiver, TimeSpan.FromSeconds(30));
        var notification = await PublishAsync(host, receiver);

        await receiver.WaitForAsync(1); // the delivery is in flight now
        await host.App.StopAsync();

        var job = DeliveryJob(host);
        Assert.Equal((1, 1), (job.Done, job.Attempts)); // waited for the endpoint's answer: delivered, not released
        Assert.Equal(notification.Id, Assert.Single(receiver.Received).Headers["X-Tollgate-Event-Id"]);
    }

    [Fact]
    public async Task InFlightDeliveryPastTheGraceIsReleasedAndDeliveredByTheNextProcess()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMinutes(2);
        var first = await StartAsync(receiver, TimeSpan.FromSeconds(1));
        var notification = await PublishAsync(first, receiver);
        await receiver.WaitForAsync(1);

        var stopping = Stopwatch.StartNew();
        await first.App.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stop took {stopping.Elapsed} with a 1 s grace");
        var released = DeliveryJob(first);
        Assert.Equal((0, (string?)null, "worker stopped"), (released.Done, released.ClaimedBy, released.LastError));
        await first.DisposeAsync();

        receiver.Delay = TimeSpan.Zero;
        await using var second = await StartAsync(receiver, TimeSpan.FromSeconds(30));
        var delivered = await receiver.WaitForAsync(2);
        Assert.All(delivered, r => Assert.Equal(notification.Id, r.Headers["X-Tollgate-Event-Id"]));
        for (var i = 0; i < 100 && DeliveryJob(second).Done == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal((1, 2), (DeliveryJob(second).Done, DeliveryJob(second).Attempts));
    }

    /// <summary>A process on the test's store; every process of one store gets the same secret key (webhook secrets are sealed with it).</summary>
    private Task<ServiceHost> StartAsync(WebhookReceiver receiver, TimeSpan grace) =>
        NotifyApi.StartAsync(Spec, ["127.0.0.1"], configure: o => o with
        {
            ShutdownGrace = grace,
            SecretKeyFile = SharedKeyFile(),
            Notifications = o.Notifications with { DeliveryTimeout = TimeSpan.FromMinutes(5) },
        });

    private string SharedKeyFile()
    {
        var path = Path.Combine(Dir, "secret.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }

        return path;
    }

    /// <summary>Subscribes the receiver to policy_eval and publishes one; the host's job worker delivers it.</summary>
    private static async Task<Notification> PublishAsync(ServiceHost host, WebhookReceiver receiver)
    {
        if (host.Service<SubscriptionStore>().List(NotificationTypes.PolicyEval).Count == 0)
        {
            Assert.Equal(201, (await host.CallAsync(HttpMethod.Post, "/v1/subscriptions", new { type = NotificationTypes.PolicyEval, key = SubscriptionStore.AllImages })).Status);
            Assert.Equal(201, (await host.CallAsync(HttpMethod.Post, "/v1/webhooks", new { url = receiver.Url + "/hook" })).Status);
        }

        var notification = Notification.Create(NotificationTypes.PolicyEval, "warn", "img1", "verdict changed", new JsonObject());
        host.Service<StoreDatabase>().Write(tx => Notifier.Publish(tx, notification, ["img1"]));
        return notification;
    }

    private static (int Done, string? ClaimedBy, string? LastError, int Attempts) DeliveryJob(ServiceHost host) =>
        host.Service<StoreDatabase>().Read(tx => tx.Query(
            "SELECT done, claimed_by, last_error, attempts FROM jobs WHERE kind = 'deliver'",
            r => (r.Int(0), r.NullableString(1), r.NullableString(2), r.Int(3)))).Single();
}

public sealed class SqliteShutdownGraceTests : ShutdownGraceTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresShutdownGraceTests : ShutdownGraceTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
