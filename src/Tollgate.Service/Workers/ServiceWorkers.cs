using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tollgate.Service.Workers;

/// <summary>The background workers in one call: the analysis runner, the runner of the other job kinds and the host of their loops.</summary>
public static class ServiceWorkers
{
    /// <summary>Time left after the grace period to hand unfinished jobs back before the host gives up.</summary>
    private static readonly TimeSpan ReleaseMargin = TimeSpan.FromSeconds(15);

    public static void Add(IServiceCollection services, ServiceOptions options)
    {
        services.AddSingleton<Policies.RetrievedFileSet>();
        services.AddSingleton<AnalysisRunner>();
        services.AddSingleton<Scheduling.JobWorker>();
        services.AddHostedService<WorkerHost>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownGrace + ReleaseMargin);
    }
}
