using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Service.Scheduling;

namespace Tollgate.Service.Workers;

/// <summary>
/// Every job loop of this process: <see cref="ServiceOptions.Workers"/> loops claiming analysis jobs and one loop for
/// the other kinds (feed updates, re-matches, webhook deliveries, tag polls). On shutdown (SIGTERM) all loops stop
/// claiming at once; jobs in flight — of any kind — get <see cref="ServiceOptions.ShutdownGrace"/> to finish, then are
/// cancelled and released back to the queue, so another process picks them up without waiting for the lease to run out.
/// One host for all loops, so the grace is waited once, not once per kind of worker.
/// </summary>
public sealed class WorkerHost(AnalysisRunner analyses, JobWorker jobs, ServiceOptions options, ILogger<WorkerHost> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private Task[] _loops = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.RunWorkers)
        {
            var process = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("n")[..8]}";
            var analysisLoops = Enumerable.Range(0, Math.Max(1, options.Workers))
                .Select(i => Loop($"{process}:{i}", abort => analyses.RunOneAsync($"{process}:{i}", options.JobLease, abort)));
            _loops = [.. analysisLoops, Loop(jobs.WorkerId, jobs.RunOneAsync)];
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopClaiming.CancelAsync();
        var all = Task.WhenAll(_loops);
        var finished = await Task.WhenAny(all, Task.Delay(options.ShutdownGrace, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default)) == all;
        if (!finished)
        {
            logger.LogWarning("workers: jobs still running after the {Grace} grace period are released to the queue", options.ShutdownGrace);
            await _abortJobs.CancelAsync();
            await all;
        }
    }

    public void Dispose()
    {
        _stopClaiming.Dispose();
        _abortJobs.Dispose();
    }

    /// <summary>Claims and runs jobs with <paramref name="runOne"/> (false: nothing was due) until shutdown.</summary>
    private Task Loop(string workerId, Func<CancellationToken, Task<bool>> runOne) => Task.Run(async () =>
    {
        while (!_stopClaiming.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await runOne(_abortJobs.Token);
            }
            catch (OperationCanceledException) when (_abortJobs.IsCancellationRequested)
            {
                return; // the runner released its job
            }
            catch (Exception e)
            {
                // A store error, or a handler that failed: the job keeps its lease and is retried once the lease runs out.
                logger.LogError(e, "worker {Worker}: job failed", workerId);
                worked = false;
            }

            if (!worked)
            {
                await Task.Delay(options.PollInterval, _stopClaiming.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    });
}
