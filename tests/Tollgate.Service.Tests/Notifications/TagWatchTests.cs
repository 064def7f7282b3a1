using System.Text.Json.Nodes;
using Tollgate.Service.Notifications;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>tag_update against a real registry: the watched tag is re-pushed with another image; run on both engines.</summary>
public abstract class TagWatchTests : EngineTests
{
    [Fact]
    public async Task MovedTagQueuesAnalysisOfTheNewDigestAndNotifies()
    {
        var alpine = TestPaths.RequireTestData("alpine", "oci");
        var debian = TestPaths.RequireTestData("debian", "oci");
        await using var registry = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var h = new NotifyHarness(Spec, Dir, o => o with
        {
            Notifications = o.Notifications with { AllowOutbound = ["127.0.0.1"], InsecureRegistries = [registry.Host], TagPollInterval = TimeSpan.FromMilliseconds(1) },
        });
        var tag = $"{registry.Host}/app:1";
        var subscription = h.Get<SubscriptionStore>().Add(NotificationTypes.TagUpdate, tag);
        h.Get<WebhookStore>().Add(new Webhook("wh", receiver.Url + "/hook", WebhookFormats.Generic, [NotificationTypes.TagUpdate], "0123456789abcdef", null, null, null, DateTimeOffset.UtcNow));
        var scheduler = h.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<PeriodicScheduler>().Single();

        await registry.PushOciLayoutAsync(alpine, "app:1", "3.20.3-amd64");
        scheduler.Tick();
        await h.RunJobsAsync();
        var first = h.Get<SubscriptionStore>().Get(subscription.Id)!.LastDigest;
        Assert.StartsWith("sha256:", first);
        Assert.Empty(h.Get<ImageStore>().List()); // the first poll only records where the tag points

        await Task.Delay(10);
        scheduler.Tick();
        await h.RunJobsAsync();
        Assert.Empty(receiver.Received); // unchanged tag: nothing happens

        await registry.PushOciLayoutAsync(debian, "app:1", "latest");
        await Task.Delay(10);
        scheduler.Tick();
        await h.RunJobsAsync();

        var moved = h.Get<SubscriptionStore>().Get(subscription.Id)!.LastDigest;
        Assert.NotEqual(first, moved);
        var image = Assert.Single(h.Get<ImageStore>().List());
        Assert.Equal($"registry:{registry.Host}/app@{moved}", image.Source);
        Assert.Equal(tag, image.Tag);
        var data = JsonNode.Parse(Assert.Single(receiver.Received).Text)!["data"]!;
        Assert.Equal(first, (string?)data["previous_digest"]);
        Assert.Equal(moved, (string?)data["digest"]);
        Assert.Equal(image.Id, (string?)data["image"]!["id"]);
    }
}

public sealed class SqliteTagWatchTests : TagWatchTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresTagWatchTests : TagWatchTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
