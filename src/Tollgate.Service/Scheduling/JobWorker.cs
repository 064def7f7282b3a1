using Tollgate.Service.Store;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Scheduling;

/// <summary>
/// Runs the non-analysis job kinds (feed updates, re-matches, webhook deliveries, tag polls): claims the oldest due
/// job of any kind it has a handler for, keeps its lease renewed while it runs, and hands it back when cancelled
/// (shutdown past the grace). Jobs are rows, so several processes share the work and a dead worker's job is
/// reclaimed. <see cref="WorkerHost"/> runs it in the background, with the same shutdown grace as analyses.
/// </summary>
public sealed class JobWorker(IEnumerable<IJobHandler> handlers, JobQueue queue, ServiceOptions options)
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:jobs:{Guid.NewGuid():n}";

    /// <summary>Claims and runs one job; false when nothing was due.</summary>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        if (_handlers.Count == 0 || queue.Claim(WorkerId, options.JobLease, [.. _handlers.Keys]) is not { } job)
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
}
