using System.Security.Cryptography;
using System.Text;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Sbom;
using Tollgate.Sbom.Native;
using Tollgate.Service.Store;

namespace Tollgate.Service.Workers;

/// <summary>
/// Runs one claimed job through the same pipeline the CLI uses (ImageAnalyzer, or SbomReader for SBOM uploads);
/// the service has no analysis logic of its own.
/// </summary>
public static class AnalysisRunner
{
    /// <summary>Sources with this prefix are SBOM files uploaded by the client, read instead of analysed.</summary>
    public const string SbomPrefix = "sbom:";

    /// <summary>Claims and runs one job; false when the queue had nothing to claim.</summary>
    public static async Task<bool> RunOneAsync(ITollgateStore store, string workerId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var job = store.ClaimJob(workerId, lease);
        if (job is null)
        {
            return false;
        }

        try
        {
            var analysis = job.Source.StartsWith(SbomPrefix, StringComparison.Ordinal)
                ? SbomReader.ReadFile(job.Source[SbomPrefix.Length..])
                : await ImageAnalyzer.AnalyzeAsync(job.Source, new AnalyzeOptions(), cancellationToken);
            using var text = new StringWriter();
            NativeJson.Write(analysis, text);
            var json = text.ToString();
            if (store.CompleteJob(job, DigestOf(analysis, json), json))
            {
                store.AddEvent("analysis_update", "info", $"image {job.ImageId} analyzed");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bad image is a result (analysis_failed with the reason), not a worker crash.
            store.FailJob(job, e.Message);
            store.AddEvent("analysis_update", "error", $"image {job.ImageId} analysis failed: {e.Message}");
        }

        return true;
    }

    /// <summary>The image's manifest digest; an SBOM without one is identified by the hash of its analysis.</summary>
    private static string DigestOf(ImageAnalysis analysis, string json) =>
        analysis.Image.ManifestDigest ?? analysis.Image.ConfigDigest
        ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
