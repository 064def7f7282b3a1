using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Database.Update;

/// <summary>Outcome of `db update` for one source.</summary>
public sealed record UpdateOutcome(string Source, string State, string? Detail);

/// <summary>
/// `db update`: downloads every source (keeping partial downloads beside the DB for the next try), imports what
/// changed into a new DB file and swaps it in. A source that fails is reported; the others still update.
/// </summary>
public static class FeedUpdater
{
    public static async Task<(IReadOnlyList<UpdateOutcome> Outcomes, ImportReport Report)> UpdateAsync(
        string dbPath, IReadOnlyList<FeedSource> sources, HttpClient http, TextWriter? progress, CancellationToken cancellationToken)
    {
        var workDir = Path.GetFullPath(dbPath) + ".downloads";
        var downloader = new FeedDownloader(http, workDir, progress);
        var pager = new NvdPager(http, workDir, progress);
        var previous = new Dictionary<string, (string?, string?, string?)>(StringComparer.Ordinal);
        var lastSync = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (File.Exists(dbPath) && !VulnDb.IsOlderSchema(dbPath))
        {
            using var db = VulnDb.Open(dbPath);
            foreach (var s in sources)
            {
                previous[s.Name] = db.Validators(s.Name);

                // NVD asks only for what changed since its last sync from the same URL with records in the DB.
                if (db.Sync(s.Name) is ({ } synced, > 0) && previous[s.Name].Item1 == s.Url)
                {
                    lastSync[s.Name] = synced;
                }
            }
        }

        var outcomes = new List<UpdateOutcome>();
        var downloads = new List<DownloadResult>();
        foreach (var source in sources)
        {
            try
            {
                var result = NvdPager.IsNvdApi(source)
                    ? await pager.FetchAsync(source, cancellationToken, lastSync.TryGetValue(source.Name, out var since) ? since : null)
                    : await downloader.FetchAsync(source, previous.GetValueOrDefault(source.Name), cancellationToken);
                downloads.Add(result);
                var state = result.File is null ? "not-modified" : result.Resumed ? "downloaded (resumed)" : "downloaded";
                outcomes.Add(new UpdateOutcome(source.Name, result.Incremental ? state + " (changes only)" : state, source.Url));
            }
            catch (Exception e) when (e is HttpRequestException or InvalidDataException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                outcomes.Add(new UpdateOutcome(source.Name, "failed", e.Message));
            }
        }

        var report = new ImportReport();
        if (downloads.Count > 0)
        {
            await VulnDbBuilder.UpdateAsync(dbPath, writer =>
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var d in downloads)
                {
                    if (d.Incremental)
                    {
                        writer.MergeInto(d.Source.Name);
                    }

                    if (d.File is not null)
                    {
                        FeedImporter.Import(d.File, writer, report, cancellationToken);
                    }

                    writer.MarkSynced(d.Source.Name, d.SyncedUpTo ?? now, d.Source.Url, d.ETag, d.LastModified);
                }

                return Task.FromResult(0);
            }, cancellationToken);

            // Only after the swap: a failed import keeps the downloads (and the NVD pages) for the next run.
            foreach (var d in downloads.Where(d => d.File is not null))
            {
                Directory.Delete(Path.GetDirectoryName(d.File!)!, recursive: true);
            }
        }

        return (outcomes, report);
    }
}
