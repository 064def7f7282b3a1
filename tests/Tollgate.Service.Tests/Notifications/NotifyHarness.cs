using Microsoft.Extensions.DependencyInjection;
using Tollgate.Service.Feeds;
using Tollgate.Service.Notifications;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Store;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>
/// The service's real feeds/notifications wiring (the same registrations ServiceApp makes) without HTTP, so tests
/// drive the job queue one job at a time instead of waiting for background workers.
/// </summary>
public sealed class NotifyHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    public NotifyHarness(string spec, string dir, Func<ServiceOptions, ServiceOptions>? configure = null)
    {
        var options = new ServiceOptions
        {
            Store = spec,
            VulnDbPath = Path.Combine(dir, "vulns.db"),
            DataDir = Path.Combine(dir, "data"), // the generated secret key, for PostgreSQL stores too
            AllowLocalSources = true, // the tests queue archives by path
            Notifications = new NotificationOptions { FirstBackoff = TimeSpan.FromMilliseconds(100), MaxAttempts = 3, TagPollInterval = null, DeliveryTimeout = TimeSpan.FromSeconds(10) },
        };
        Options = configure?.Invoke(options) ?? options;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options);
        services.AddSingleton(StoreDatabase.Open(spec));
        StoreServices.Add(services);
        ServiceWorkers.Add(services, Options);
        Http.ApiSurface.AddServices(services);
        NotificationsModule.AddServices(services, Options);
        _provider = services.BuildServiceProvider();
        NotificationsModule.WatchAnalyses(_provider);
    }

    public ServiceOptions Options { get; }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs queued analysis jobs, then every other due job, until nothing is due.</summary>
    public async Task RunJobsAsync()
    {
        var analysis = Get<AnalysisRunner>();
        var worker = Get<JobWorker>();
        while (await analysis.RunOneAsync("test", TimeSpan.FromMinutes(5), CancellationToken.None) | await worker.RunOneAsync(CancellationToken.None))
        {
        }
    }

    /// <summary>Queues a local feed import and runs it (and the re-matches it queues); returns the update's status.</summary>
    public async Task<FeedUpdateStatus> ImportFeedAsync(string path)
    {
        var job = Get<FeedStore>().Queue(new FeedUpdateRequest(null, path));
        await RunJobsAsync();
        return Get<FeedStore>().Status(job);
    }

    public void Dispose()
    {
        _provider.GetRequiredService<StoreDatabase>().Dispose();
        _provider.Dispose();
    }
}
