using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Service.Store;

/// <summary>Registers every store area over the one <see cref="StoreDatabase"/> (add a line per area).</summary>
public static class StoreServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<JobQueue>();
        services.AddSingleton<ImageStore>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<Security.ApiKeyStore>();
        services.AddSingleton<Policies.PolicyStore>();
        services.AddSingleton<Feeds.FeedStore>();
        services.AddSingleton<Feeds.MatchStore>();
        services.AddSingleton<Notifications.Subscriptions.SubscriptionStore>();
        services.AddSingleton<Notifications.Webhooks.WebhookStore>();
        services.AddSingleton<Registries.RegistryStore>();
    }
}
