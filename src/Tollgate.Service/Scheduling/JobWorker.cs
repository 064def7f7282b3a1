using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Service.Store;

namespace Tollgate.Service.Scheduling;

/// <summary>
/// Background worker for the non-analysis job kinds (feed updates, re-matches, webhook deliveries, tag polls): claims
/// the oldest due job of any kind it has a handler for, keeps its lease renewed while it runs, and hands it back on
/// shutdown. Jobs are rows, so several processes share the work and a dead worker's job is reclaimed.
/// </summary>
public sealed class JobWorker(IEnumerable<IJobHandler> handlers, JobQueue queue, ServiceOptions options, ILogger<JobWorker> logger) : BackgroundService
{
    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:jobs:{Guid.NewGuid():n}";
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <summary>Claims and runs one job; false when nothing was due.</summary>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        var job = queue.Claim(_workerId, options.JobLease, [.. _handlers.Keys]);
        if (job is null)
        {
            return false;
        }

        using var renewal = new Timer(_ => Renew(job), null, options.JobLease / 3, options.JobLease / 3);
        try
        {
            await _handlers[job.Kind].RunAsync(job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            queue.Release(job, DateTimeOffset.UtcNow, "worker stopped");
            throw;
        }

        return true;
    }

    private void Renew(JobLease job)
    {
        try
        {
            queue.Renew(job, options.JobLease);
        }
        catch (Exception e)
        {
            // A missed renewal only risks a second run after the lease ends; the store refuses the stale finish.
            logger.LogWarning(e, "job {Job}: lease renewal failed", job.JobId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunWorkers)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await RunOneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The job keeps its lease and is retried by whoever claims it after the lease runs out.
                logger.LogError(e, "job worker {Worker}: job failed", _workerId);
                worked = false;
            }

            if (!worked)
            {
                await Task.Delay(options.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
