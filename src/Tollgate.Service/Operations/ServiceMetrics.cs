using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Tollgate.Service.Store;
using Tollgate.Vulnerabilities.Database;

namespace Tollgate.Service.Operations;

/// <summary>
/// The service's own instruments (meter "Tollgate.Service", one per app through IMeterFactory so two apps in one
/// process keep apart): queue depth and feed age are read when scraped; job durations are recorded by
/// <see cref="MeteredStore"/>. Verdict counts come from the policy engine's meter (Tollgate.Policy), HTTP request
/// counts and durations from ASP.NET Core's own (Microsoft.AspNetCore.Hosting).
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "Tollgate.Service";

    /// <summary>Analyses take seconds to minutes, far above the HTTP defaults.</summary>
    private static readonly double[] JobBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly Histogram<double> _jobDuration;

    public ServiceMetrics(IMeterFactory meters, IServiceProvider services, Func<string?> vulnDbPath)
    {
        var meter = meters.Create(MeterName);
        _jobDuration = meter.CreateHistogram<double>("tollgate.job.duration", "s", "Time from claiming an analysis job to finishing it, by outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobBuckets });

        meter.CreateObservableGauge("tollgate.queue.depth", () => services.GetRequiredService<JobQueue>().Depth(ImageStore.AnalyzeJob),
            "{job}", "Analysis jobs queued or claimed and not finished");
        meter.CreateObservableGauge("tollgate.feed.age", () => FeedAges(vulnDbPath()), "s",
            "Seconds since each vulnerability feed source was last synced");
    }

    /// <summary>Outcomes: analyzed, failed, released (shutdown), lease_lost (another worker took the job over after the lease ran out).</summary>
    public void RecordJob(TimeSpan duration, string outcome) =>
        _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>One measurement per feed source; none when there is no database yet (the service still runs).</summary>
    private static IEnumerable<Measurement<double>> FeedAges(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        try
        {
            using var db = VulnDb.Open(path);
            var now = DateTimeOffset.UtcNow;
            return db.Info().Sources.Where(s => s.LastSync is not null)
                .Select(s => new Measurement<double>((now - s.LastSync!.Value).TotalSeconds, new KeyValuePair<string, object?>("source", s.Name)))
                .ToList();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or SqliteException)
        {
            // Being replaced by a feed update right now, or not a DB: no sample this scrape rather than a failed scrape.
            return [];
        }
    }
}
