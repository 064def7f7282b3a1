using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Service.Store;
using Tollgate.Service.Workers;

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

        await using var lease = new LeaseKeeper(queue, job, options.JobLease);
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
