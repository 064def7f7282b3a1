namespace Tollgate.Service.Store;

/// <summary>Every area's schema, migrated in this order on start (add a line per area; order matters only for foreign keys).</summary>
public static class StoreSchemas
{
    public static IReadOnlyList<StoreSchema> All { get; } =
    [
        JobQueue.Schema,
        ImageStore.Schema,
        EventLog.Schema,
        Security.ApiKeyStore.Schema,
        Policies.PolicyStore.Schema,
        Feeds.FeedStore.Schema,
        Feeds.MatchStore.Schema,
        Notifications.Subscriptions.SubscriptionStore.Schema,
        Notifications.Webhooks.WebhookStore.Schema,
        Scheduling.ScheduleSlots.Schema,
        Registries.RegistryStore.Schema,
    ];
}
