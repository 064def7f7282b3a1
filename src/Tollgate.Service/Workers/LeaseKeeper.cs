using Tollgate.Service.Store;

namespace Tollgate.Service.Workers;

/// <summary>
/// Keeps a claimed job's lease alive while its worker works on it (renewing every third of the lease), so only a
/// worker that died loses its job. If the lease was lost anyway (the store was unreachable longer than the lease and
/// another worker took the job over), <see cref="Lost"/> is cancelled so this worker stops wasting effort.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseKeeper(JobQueue queue, JobLease job, TimeSpan lease)
    {
        _loop = RenewAsync(queue, job, lease);
    }

    public CancellationToken Lost => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(JobQueue queue, JobLease job, TimeSpan lease)
    {
        using var timer = new PeriodicTimer(lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (!Renew(queue, job, lease))
                {
                    await _lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the job is finished or released.
        }
    }

    private static bool Renew(JobQueue queue, JobLease job, TimeSpan lease)
    {
        try
        {
            return queue.Renew(job, lease);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return true; // the store is briefly unreachable: try again at the next tick, the lease may still hold
        }
    }
}
