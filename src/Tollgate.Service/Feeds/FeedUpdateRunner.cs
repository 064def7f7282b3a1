using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Store;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Database.Update;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Service.Feeds;

/// <summary>
/// Runs one queued feed update exactly as the CLI's `db update` / `db import` do (FeedUpdater, FeedImporter into
/// VulnDbBuilder: the new DB is renamed into place, so matchers never see half a DB). On success it records the new
/// feed version and queues a "rematch" job for every analysed image in the same transaction, so the re-match work is
/// shared by every process and survives restarts.
/// </summary>
public sealed class FeedUpdateRunner(StoreDatabase database, ImageStore images, ServiceOptions options, Func<HttpClient> feedHttp) : IJobHandler
{
    public string Kind => FeedStore.UpdateJob;

    public string VulnDbPath { get; } = VulnDbLocation.Resolve(options.VulnDbPath);

    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(job.Payload ?? "{}", FeedsJsonContext.Default.FeedUpdateRequest) ?? new FeedUpdateRequest(null, null);
        string kind, detail;
        try
        {
            // One build at a time per DB file, across processes too (an advisory file lock next to the DB).
            using var buildLock = await AcquireBuildLockAsync(cancellationToken);
            (kind, detail) = request.Path is { Length: > 0 } path
                ? ("import", await ImportAsync(path, cancellationToken))
                : ("update", await DownloadAsync(request.Sources ?? [], cancellationToken));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or HttpRequestException or UnauthorizedAccessException)
        {
            database.Write(tx =>
            {
                if (JobQueue.Finish(tx, job))
                {
                    FeedStore.RecordFailure(tx, job.JobId, e.Message);
                    EventLog.Add(tx, "feed_update", "error", $"feed update failed: {e.Message}", job.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            });
            return;
        }

        var sha = await Sha256Async(VulnDbPath, cancellationToken);
        var analyzed = images.ListAnalyzed(); // an image analysed after this read is matched against the new DB by its own baseline run
        database.Write(tx =>
        {
            if (!JobQueue.Finish(tx, job))
            {
                return;
            }

            var version = FeedStore.Record(tx, kind, sha, detail, job.JobId);
            foreach (var (image, _) in analyzed)
            {
                JobQueue.Enqueue(tx, MatchStore.RematchJob, image, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            EventLog.Add(tx, "feed_update", "info", $"feed version {version} ({kind}: {detail}); {analyzed.Count} images queued for re-match", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    private async Task<string> ImportAsync(string path, CancellationToken cancellationToken)
    {
        if (!Path.IsPathFullyQualified(path) || (!File.Exists(path) && !Directory.Exists(path)))
        {
            throw new IOException($"path {path}: no such file or folder (an absolute path on the server is required)");
        }

        var report = await VulnDbBuilder.UpdateAsync(VulnDbPath, writer =>
        {
            var r = new ImportReport();
            FeedImporter.Import(path, writer, r, cancellationToken);
            if (r.FilesRead == 0)
            {
                throw new InvalidDataException($"{path}: no advisory file could be read ({string.Join("; ", r.Skipped.Take(5).Select(s => $"{s.File}: {s.Reason}"))})");
            }

            return Task.FromResult(r);
        }, cancellationToken);
        return Summary(report, []);
    }

    private async Task<string> DownloadAsync(IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var selected = FeedSourceCatalog.Select(sources.Count > 0 ? sources : options.Feeds.Sources);
        using var http = feedHttp();
        var (outcomes, report) = await FeedUpdater.UpdateAsync(VulnDbPath, selected, http, null, cancellationToken);
        if (outcomes.All(o => o.State == "failed"))
        {
            throw new HttpRequestException("every source failed: " + string.Join("; ", outcomes.Select(o => $"{o.Source}: {o.Detail}")));
        }

        return Summary(report, outcomes);
    }

    private static string Summary(ImportReport report, IReadOnlyList<UpdateOutcome> outcomes) =>
        string.Join(", ", report.RecordsByFormat.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key} records")
            .Concat(outcomes.Select(o => $"{o.Source} {o.State}"))
            .Append($"{report.FilesRead} files read, {report.Skipped.Count} skipped"));

    private async Task<FileStream> AcquireBuildLockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(VulnDbPath)!);
        while (true)
        {
            try
            {
                return new FileStream(VulnDbPath + ".update-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
