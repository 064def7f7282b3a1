using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Service.Checks;
using Tollgate.Service.Notifications;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Store;

namespace Tollgate.Service.Feeds;

/// <summary>
/// A "rematch" job: matches one image's stored analysis (its SBOM; the image is not pulled again) against the
/// current vulnerability DB (AnalysisCache, the CLI's matcher), stores the new match set and publishes the diff
/// against the previous set as vuln_update; then re-evaluates the active policy (CheckService) and publishes
/// policy_eval when the final action changed. The first run of an image is its baseline and publishes nothing.
/// </summary>
public sealed class RematchRunner(StoreDatabase database, ImageStore images, AnalysisCache analyses, CheckService checks) : IJobHandler
{
    public string Kind => MatchStore.RematchJob;

    public Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var stored = images.Get(job.Subject) is { } image ? analyses.Load(image) : null;
        if (stored is null)
        {
            // Deleted (or queued for analysis again) since the job was queued: nothing to match.
            database.Write(tx =>
            {
                if (JobQueue.Finish(tx, job))
                {
                    MatchStore.Forget(tx, job.Subject);
                }
            });
            return Task.CompletedTask;
        }

        var current = (analyses.Scan(stored).Scan?.Matches ?? []).Select(StoredMatch.From).DistinctBy(m => m.Key).ToList();
        var check = Evaluate(stored.Image.Id);
        var feedVersion = long.TryParse(job.Payload, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        database.Write(tx =>
        {
            if (!JobQueue.Finish(tx, job))
            {
                return;
            }

            var keys = Notifier.KeysOf(stored.Image);
            var previous = MatchStore.Load(tx, stored.Image.Id);
            var previousVerdict = MatchStore.Verdict(tx, stored.Image.Id);
            MatchStore.Replace(tx, stored.Image.Id, current, feedVersion);
            if (previous is not null && MatchDiff.Compute(previous, current) is { IsEmpty: false } diff)
            {
                Notifier.Publish(tx, VulnUpdate(stored.Image, feedVersion, diff), keys);
            }

            if (check is not null)
            {
                MatchStore.SetVerdict(tx, stored.Image.Id, check.Evaluation.FinalAction);
                if (previousVerdict is not null && previousVerdict != check.Evaluation.FinalAction)
                {
                    Notifier.Publish(tx, PolicyEval(stored.Image, previousVerdict, check), keys);
                }
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>The active policy's verdict for the image; null when there is no active policy to evaluate.</summary>
    private CheckResult? Evaluate(string imageId)
    {
        try
        {
            return checks.Evaluate(imageId);
        }
        catch (CheckUnavailableException)
        {
            return null;
        }
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

    private static Notification PolicyEval(ImageRecord image, string previous, CheckResult check)
    {
        var evaluation = check.Evaluation;
        var data = new JsonObject
        {
            ["image"] = Notifier.ImageJson(image),
            ["previous_final_action"] = previous,
            ["final_action"] = evaluation.FinalAction,
            ["final_action_reason"] = evaluation.FinalActionReason,
            ["status"] = evaluation.Status,
            ["tag"] = evaluation.Tag,
            ["policy_id"] = check.PolicyId,
            ["bundle_version"] = check.BundleVersion,
            ["db_version"] = check.DbVersion,
        };
        var level = evaluation.FinalAction == Policy.Evaluator.PolicyActions.Stop ? "error" : "info";
        return Notification.Create(NotificationTypes.PolicyEval, level, image.Id,
            $"{image.Tag ?? image.Digest}: policy {check.PolicyId} verdict {previous} → {evaluation.FinalAction}", data);
    }
}
