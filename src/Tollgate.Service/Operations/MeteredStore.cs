using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Tollgate.Service.Store;

namespace Tollgate.Service.Operations;

/// <summary>
/// Wraps the store to time jobs from <see cref="ITollgateStore.ClaimJob"/> to <see cref="ITollgateStore.CompleteJob"/>
/// or <see cref="ITollgateStore.FailJob"/>, so workers need no metrics code. A DispatchProxy forwards every other
/// member untouched, so the store interface can grow without this class changing.
/// </summary>
public class MeteredStore : DispatchProxy
{
    private readonly ConcurrentDictionary<object, long> _claimedAt = new();
    private ITollgateStore _inner = null!;
    private ServiceMetrics _metrics = null!;

    public static ITollgateStore Wrap(ITollgateStore inner, ServiceMetrics metrics)
    {
        var proxy = Create<ITollgateStore, MeteredStore>();
        var metered = (MeteredStore)(object)proxy;
        metered._inner = inner;
        metered._metrics = metrics;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        object? result;
        try
        {
            result = targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        switch (targetMethod.Name)
        {
            case nameof(ITollgateStore.ClaimJob) when result is not null:
                _claimedAt[result] = Stopwatch.GetTimestamp();
                break;
            case nameof(ITollgateStore.CompleteJob) or nameof(ITollgateStore.FailJob)
                when args is [{ } lease, ..] && _claimedAt.TryRemove(lease, out var started):
                var outcome = result is false ? "lease_lost" : targetMethod.Name == nameof(ITollgateStore.FailJob) ? "failed" : "analyzed";
                _metrics.RecordJob(Stopwatch.GetElapsedTime(started), outcome);
                break;
        }

        return result;
    }
}
