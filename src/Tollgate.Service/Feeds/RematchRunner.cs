using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Sbom.Native;
using Tollgate.Service.Notifications;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Store;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Matching;

namespace Tollgate.Service.Feeds;

/// <summary>
/// A "rematch" job: matches one image's stored analysis (its SBOM; the image is not pulled again) against the
/// current vulnerability DB with the CLI's matcher, stores the new match set and publishes the diff against the
/// previous set as vuln_update. The first run of an image is its baseline and publishes nothing.
/// </summary>
public sealed class RematchRunner(StoreDatabase database, ImageStore images, FeedUpdateRunner feeds) : IJobHandler
{
    public string Kind => MatchStore.RematchJob;

    /// <summary>Raised after an image's matches were stored (the policy re-evaluation listens).</summary>
    public event Action<string>? Rematched;

    public Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var image = images.Get(job.Subject);
        var json = image?.Status == ImageStatus.Analyzed ? images.GetAnalysisJson(image.Id) : null;
        if (image is null || json is null)
        {
            // Deleted (or re-queued for analysis) since the job was queued: nothing to match.
            database.Write(tx =>
            {
                if (JobQueue.Finish(tx, job))
                {
                    MatchStore.Forget(tx, job.Subject);
                }
            });
            return Task.CompletedTask;
        }

        var current = Match(json, image.Id);
        var feedVersion = long.TryParse(job.Payload, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        var stored = database.Write(tx =>
        {
            if (!JobQueue.Finish(tx, job))
            {
                return false;
            }

            var previous = MatchStore.Load(tx, image.Id);
            MatchStore.Replace(tx, image.Id, current, feedVersion);
            var diff = previous is null ? null : MatchDiff.Compute(previous, current);
            if (diff is { IsEmpty: false })
            {
                Notifier.Publish(tx, VulnUpdate(image, feedVersion, diff), Notifier.KeysOf(image));
            }

            return true;
        });
        if (stored)
        {
            Rematched?.Invoke(image.Id);
        }

        return Task.CompletedTask;
    }

    private List<StoredMatch> Match(string analysisJson, string imageId)
    {
        if (!File.Exists(feeds.VulnDbPath))
        {
            return []; // no feed imported yet: nothing can match
        }

        using var input = new MemoryStream(Encoding.UTF8.GetBytes(analysisJson));
        var analysis = NativeJson.Read(input, $"stored analysis of image {imageId}");
        using var db = VulnDb.Open(feeds.VulnDbPath);
        return new VulnerabilityMatcher(db).Match(analysis).Select(StoredMatch.From).DistinctBy(m => m.Key).ToList();
    }

    private static Notification VulnUpdate(ImageRecord image, long feedVersion, MatchDiff diff)
    {
        var data = new JsonObject
        {
            ["image"] = Notifier.ImageJson(image),
            ["feed_version"] = feedVersion,
            ["diff"] = JsonSerializer.SerializeToNode(diff, FeedsJsonContext.Default.MatchDiff),
        };
        var summary = $"{image.Tag ?? image.Digest}: {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Updated.Count} updated vulnerability matches"
            + (diff.Added.Count > 0 ? $" (new: {string.Join(", ", diff.Added.Select(m => $"{m.VulnerabilityId} in {m.PackageName} {m.PackageVersion}").Take(5))})" : string.Empty);
        var level = diff.Added.Count > 0 || diff.Updated.Count > 0 ? "warn" : "info";
        return Notification.Create(NotificationTypes.VulnUpdate, level, image.Id, summary, data);
    }
}
