using Microsoft.Extensions.DependencyInjection;
using Tollgate.Service.Feeds;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Security;
using Tollgate.Service.Store;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Notifications;

/// <summary>Feeds, re-matching, subscriptions and webhooks: their services, workers and endpoints.</summary>
public static class NotificationsModule
{
    public static void AddServices(IServiceCollection services, ServiceOptions options)
    {
        try
        {
            Vulnerabilities.Database.Update.FeedSourceCatalog.Select(options.Feeds.Sources); // a bad --feed-source stops the start, not the first update
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, nameof(options), e);
        }

        services.AddSingleton(new OutboundPolicy(options.Notifications.AllowOutbound));
        services.AddSingleton<RegistryAccess>();
        services.AddSingleton(provider => new FeedUpdateRunner(
            provider.GetRequiredService<StoreDatabase>(), provider.GetRequiredService<ImageStore>(), provider.GetRequiredService<Checks.VulnDbSource>(), options,
            () => new HttpClient(provider.GetRequiredService<OutboundPolicy>().CreateHandler()) { Timeout = TimeSpan.FromMinutes(10) }));
        services.AddSingleton<RematchRunner>();
        services.AddSingleton<DeliveryRunner>();
        services.AddSingleton<TagWatcher>();
        services.AddSingleton<IJobHandler>(p => p.GetRequiredService<FeedUpdateRunner>());
        services.AddSingleton<IJobHandler>(p => p.GetRequiredService<RematchRunner>());
        services.AddSingleton<IJobHandler>(p => p.GetRequiredService<DeliveryRunner>());
        services.AddSingleton<IJobHandler>(p => p.GetRequiredService<TagWatcher>());
        services.AddHostedService<PeriodicScheduler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, FeedsJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, NotificationsJsonContext.Default);
        });
    }

    public static void Map(WebApplication app)
    {
        FeedsEndpoints.Map(app);
        NotificationsEndpoints.Map(app);
    }

    /// <summary>
    /// A newly analysed image gets its baseline match run (and analysis_update goes to its subscribers). Called once per
    /// process (ServiceApp does, for API and worker-only processes alike): a second call would queue everything twice.
    /// </summary>
    public static void WatchAnalyses(IServiceProvider services)
    {
        var database = services.GetRequiredService<StoreDatabase>();
        var images = services.GetRequiredService<ImageStore>();
        var feeds = services.GetRequiredService<FeedStore>();
        services.GetRequiredService<AnalysisRunner>().Analyzed += imageId => OnAnalyzed(database, images, feeds, imageId);
    }

    /// <summary>Queues the image's baseline match run and delivers analysis_update (the runner already logged the event).</summary>
    public static void OnAnalyzed(StoreDatabase database, ImageStore images, FeedStore feeds, string imageId)
    {
        if (images.Get(imageId) is not { } image)
        {
            return;
        }

        var version = feeds.Current()?.Id ?? 0;
        database.Write(tx =>
        {
            JobQueue.Enqueue(tx, MatchStore.RematchJob, imageId, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var data = new System.Text.Json.Nodes.JsonObject { ["image"] = Notifier.ImageJson(image), ["status"] = image.Status };
            Notifier.Publish(tx, Notification.Create(NotificationTypes.AnalysisUpdate, "info", imageId, $"image {image.Tag ?? image.Digest} analyzed", data), Notifier.KeysOf(image), logged: true);
        });
    }
}
