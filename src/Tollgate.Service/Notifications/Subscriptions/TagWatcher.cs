using System.Text.Json.Nodes;
using Tollgate.Images;
using Tollgate.Images.References;
using Tollgate.Images.Registry;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Security;
using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications.Subscriptions;

/// <summary>
/// A "tag_poll" job: asks the registry which digest a watched tag (a tag_update subscription's key,
/// "host/repo:tag") points at now. The first poll records it; when it later moves, the new digest is queued for
/// analysis and tag_update is published.
/// </summary>
public sealed class TagWatcher(StoreDatabase database, SubscriptionStore subscriptions, ImageStore images, OutboundPolicy outbound, RegistryAccess registries) : IJobHandler
{
    public const string PollJob = "tag_poll";

    public string Kind => PollJob;

    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var subscription = subscriptions.Get(job.Subject);
        if (subscription is not { Active: true, Type: NotificationTypes.TagUpdate })
        {
            database.Write(tx => JobQueue.Finish(tx, job));
            return;
        }

        string digest;
        RegistryReference reference;
        try
        {
            reference = RegistryReference.Parse(subscription.Key, subscription.Key);
            if (await outbound.CheckAsync($"https://{reference.ApiHost}/", cancellationToken) is { } refusal)
            {
                throw new HttpRequestException(refusal);
            }

            using var client = new RegistryClient(subscription.Key, reference, registries.OptionsFor(reference.Host));
            (_, digest, _) = await client.GetManifestAsync(reference.ManifestReference, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or ImageException or IOException)
        {
            database.Write(tx =>
            {
                if (JobQueue.Finish(tx, job))
                {
                    EventLog.Add(tx, NotificationTypes.TagUpdate, "error", $"polling {subscription.Key} failed: {e.Message}", subscription.Id);
                }
            });
            return;
        }

        if (digest == subscription.LastDigest)
        {
            database.Write(tx => JobQueue.Finish(tx, job));
            return;
        }

        // Queued before the digest moves: a crash in between re-polls and queues it again (an extra analysis, never a lost one).
        var image = subscription.LastDigest is null ? null : images.Add($"registry:{reference with { Tag = null, Digest = digest }}", subscription.Key);
        database.Write(tx =>
        {
            if (!JobQueue.Finish(tx, job) || !SubscriptionStore.MoveDigest(tx, subscription.Id, subscription.LastDigest, digest) || image is null)
            {
                return;
            }

            var data = new JsonObject
            {
                ["tag"] = subscription.Key,
                ["previous_digest"] = subscription.LastDigest,
                ["digest"] = digest,
                ["image"] = Notifier.ImageJson(image),
            };
            Notifier.Publish(tx, Notification.Create(NotificationTypes.TagUpdate, "info", image.Id, $"{subscription.Key} now points at {digest} (was {subscription.LastDigest}); analysis queued", data),
                [subscription.Key, .. Notifier.KeysOf(image)]);
        });
    }
}
