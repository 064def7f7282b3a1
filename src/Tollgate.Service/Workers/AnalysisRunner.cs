using System.Security.Cryptography;
using System.Text;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Sbom;
using Tollgate.Sbom.Native;
using Tollgate.Service.Policies;
using Tollgate.Service.Store;

namespace Tollgate.Service.Workers;

/// <summary>
/// Runs one claimed analysis job through the same pipeline the CLI's `check` uses (PolicyInputLoader: the analysis
/// plus the files policy rules read, or SbomReader for SBOM uploads); the service has no analysis logic of its own.
/// </summary>
public sealed class AnalysisRunner(ImageStore images, JobQueue queue, EventLog events, IAnalysisSourceAccess? sources = null, RetrievedFileSet? retrieved = null)
{
    /// <summary>Sources with this prefix are SBOM files uploaded by the client, read instead of analysed.</summary>
    public const string SbomPrefix = "sbom:";

    /// <summary>Raised after an image's analysis is stored (feeds re-match, notifications and caches listen).</summary>
    public event Action<string>? Analyzed;

    /// <summary>Raised when a claimed job ends: its duration and outcome (analyzed, failed, lease_lost, released) — for metrics.</summary>
    public event Action<TimeSpan, string>? JobFinished;

    /// <summary>Claims and runs one job; false when the queue had nothing to claim.</summary>
    public async Task<bool> RunOneAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var job = queue.Claim(workerId, lease, ImageStore.AnalyzeJob);
        if (job is null)
        {
            return false;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "lease_lost";
        images.MarkAnalyzing(job.Subject);
        await using var keeper = new LeaseKeeper(queue, job, lease);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Lost);
        var source = job.Payload ?? string.Empty;
        try
        {
            // Run off the worker loop and wait with the token: a read blocked in the kernel (a stalled pipe or mount)
            // cannot hold shutdown, the job is released even if that thread is still stuck.
            var (analysis, files) = await Task.Run(() => AnalyzeAsync(source, stop.Token), stop.Token).WaitAsync(stop.Token);
            using var text = new StringWriter();
            NativeJson.Write(analysis, text);
            var json = text.ToString();
            if (images.Complete(job, DigestOf(analysis, json), json, files))
            {
                outcome = "analyzed";
                events.Add("analysis_update", "info", $"image {job.Subject} analyzed", job.Subject);
                sources?.Finished(source);
                Analyzed?.Invoke(job.Subject);
            }
        }
        catch (OperationCanceledException) when (keeper.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Another worker holds the job now (our lease lapsed): its result counts, ours would be refused.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Graceful shutdown: hand the job back now rather than after the lease runs out.
            images.MarkQueued(job);
            queue.Release(job, DateTimeOffset.UtcNow, "worker stopped");
            outcome = "released";
            throw;
        }
        catch (Exception e)
        {
            // A bad image is a result (analysis_failed with the reason), not a worker crash.
            if (images.Fail(job, e.Message))
            {
                outcome = "failed";
                events.Add("analysis_update", "error", $"image {job.Subject} analysis failed: {e.Message}", job.Subject);
                sources?.Finished(source);
            }
        }
        finally
        {
            JobFinished?.Invoke(System.Diagnostics.Stopwatch.GetElapsedTime(started), outcome);
        }

        return true;
    }

    /// <summary>The analysis and the files kept with it (none for an SBOM: it carries no file content).</summary>
    private async Task<(ImageAnalysis Analysis, IReadOnlyDictionary<string, string> Files)> AnalyzeAsync(string source, CancellationToken cancellationToken)
    {
        if (sources?.Refusal(source) is { } refusal)
        {
            throw new Tollgate.Images.ImageException(source, refusal);
        }

        if (source.StartsWith(SbomPrefix, StringComparison.Ordinal))
        {
            return (SbomReader.ReadFile(source[SbomPrefix.Length..]), new Dictionary<string, string>());
        }

        var (paths, digests) = retrieved?.Current() ?? (new HashSet<string>(RetrievedFileSet.AnchoreDefaults, StringComparer.Ordinal), false);
        var input = await PolicyInputLoader.LoadAsync(source, paths, digests, new AnalyzeOptions { Load = sources?.LoadOptionsFor(source) ?? new() }, cancellationToken);
        return (input.Analysis, input.RetrievedFiles);
    }

    /// <summary>The image's manifest digest; an SBOM without one is identified by the hash of its analysis.</summary>
    private static string DigestOf(ImageAnalysis analysis, string json) =>
        analysis.Image.ManifestDigest ?? analysis.Image.ConfigDigest
        ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
