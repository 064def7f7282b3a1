using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications;

/// <summary>
/// Publishes a notification inside the caller's transaction: it is logged in the events log, and when an active
/// subscription covers the subject, one "deliver" job per webhook endpoint is queued — so a notification exists iff
/// the change it reports committed, and a delivery survives restarts.
/// </summary>
public static class Notifier
{
    /// <param name="keys">Everything the subject is known by (image id, digest, tag, registry reference).</param>
    /// <param name="logged">True when the caller already wrote the events-log entry (analysis_update).</param>
    public static int Publish(StoreTransaction tx, Notification notification, IReadOnlyCollection<string> keys, bool logged = false)
    {
        if (!logged)
        {
            EventLog.Add(tx, notification.Type, notification.Level, notification.Summary, notification.Subject);
        }

        if (!SubscriptionStore.Covers(tx, notification.Type, keys))
        {
            return 0;
        }

        var payload = notification.ToJson().ToJsonString();
        var webhooks = WebhookStore.For(tx, notification.Type);
        foreach (var webhook in webhooks)
        {
            JobQueue.Enqueue(tx, WebhookStore.DeliverJob, webhook, payload);
        }

        return webhooks.Count;
    }

    /// <summary>How an image is described inside every notification's data.</summary>
    public static System.Text.Json.Nodes.JsonObject ImageJson(ImageRecord image) => new()
    {
        ["id"] = image.Id,
        ["digest"] = image.Digest,
        ["tag"] = image.Tag,
        ["source"] = image.Source,
    };

    /// <summary>The keys a subscription may use for an image: id, digest, tag and the registry reference it came from.</summary>
    public static IReadOnlyCollection<string> KeysOf(ImageRecord image)
    {
        var keys = new List<string> { image.Id };
        if (image.Digest is not null)
        {
            keys.Add(image.Digest);
        }

        if (image.Tag is not null)
        {
            keys.Add(image.Tag);
        }

        keys.Add(image.Source.StartsWith("registry:", StringComparison.Ordinal) ? image.Source["registry:".Length..] : image.Source);
        return keys;
    }
}
