using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Service.Store;

namespace Tollgate.Service.Workers;

/// <summary>Background worker: claims analysis jobs from the store until the host stops.</summary>
public sealed class AnalysisWorker(ITollgateStore store, ServiceOptions options, ILogger<AnalysisWorker> logger) : BackgroundService
{
    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():n}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await AnalysisRunner.RunOneAsync(store, _workerId, options.JobLease, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "analysis worker {Worker}: store error", _workerId);
                worked = false;
            }

            if (!worked)
            {
                await Task.Delay(options.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
