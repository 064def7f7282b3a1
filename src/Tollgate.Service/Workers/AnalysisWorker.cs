using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tollgate.Service.Workers;

/// <summary>
/// Runs <see cref="ServiceOptions.Workers"/> loops that claim and run analysis jobs. On shutdown (SIGTERM) the loops
/// stop claiming at once; jobs in flight get <see cref="ServiceOptions.ShutdownGrace"/> to finish, then are cancelled
/// and released back to the queue, so another process picks them up without waiting for the lease to run out.
/// </summary>
public sealed class AnalysisWorker(AnalysisRunner runner, ServiceOptions options, ILogger<AnalysisWorker> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private Task[] _loops = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.RunWorkers)
        {
            var process = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("n")[..8]}";
            _loops = [.. Enumerable.Range(0, Math.Max(1, options.Workers)).Select(i => Task.Run(() => LoopAsync($"{process}:{i}")))];
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
            logger.LogWarning("analysis workers: jobs still running after the {Grace} grace period are released to the queue", options.ShutdownGrace);
            await _abortJobs.CancelAsync();
            await all;
        }
    }

    public void Dispose()
    {
        _stopClaiming.Dispose();
        _abortJobs.Dispose();
    }

    private async Task LoopAsync(string workerId)
    {
        while (!_stopClaiming.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await runner.RunOneAsync(workerId, options.JobLease, _abortJobs.Token);
            }
            catch (OperationCanceledException) when (_abortJobs.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "analysis worker {Worker}: store error", workerId);
                worked = false;
            }

            if (!worked)
            {
                await Task.Delay(options.PollInterval, _stopClaiming.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
