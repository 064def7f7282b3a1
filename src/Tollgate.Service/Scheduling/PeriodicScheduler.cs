using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Service.Feeds;
using Tollgate.Service.Notifications;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Store;

namespace Tollgate.Service.Scheduling;

/// <summary>
/// Queues the periodic jobs: the scheduled feed update and a poll per watched tag. Every process runs this loop;
/// <see cref="ScheduleSlots"/> makes exactly one of them queue each round.
/// </summary>
public sealed class PeriodicScheduler(StoreDatabase database, SubscriptionStore subscriptions, ServiceOptions options, ILogger<PeriodicScheduler> logger) : BackgroundService
{
    public const string FeedSlot = "feed_update";

    /// <summary>One scheduling round (tests call it directly).</summary>
    public void Tick()
    {
        if (options.Feeds.UpdateInterval is { } feedInterval)
        {
            database.Write(tx =>
            {
                if (ScheduleSlots.TryClaim(tx, FeedSlot, feedInterval))
                {
                    JobQueue.Enqueue(tx, FeedStore.UpdateJob, "feeds", "{}");
                }
            });
        }

        if (options.Notifications.TagPollInterval is { } pollInterval)
        {
            foreach (var watched in subscriptions.List(NotificationTypes.TagUpdate).Where(s => s.Active))
            {
                database.Write(tx =>
                {
                    if (ScheduleSlots.TryClaim(tx, $"{TagWatcher.PollJob}:{watched.Id}", pollInterval))
                    {
                        JobQueue.Enqueue(tx, TagWatcher.PollJob, watched.Id);
                    }
                });
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunWorkers || (options.Feeds.UpdateInterval is null && options.Notifications.TagPollInterval is null))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try
            {
                Tick();
            }
            catch (Exception e)
            {
                logger.LogError(e, "scheduler: store error");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }
}
