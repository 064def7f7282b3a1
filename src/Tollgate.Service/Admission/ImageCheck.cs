using System.Collections.Concurrent;
using Tollgate.Policy.Evaluator;
using Tollgate.Service.Admission.Selection;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;
using Tollgate.Service.Store;

namespace Tollgate.Service.Admission;

/// <summary>
/// Decides one image: parse, resolve the tag to a digest (cached for the policy's TTL), look the digest up,
/// then per mode — analysis: analysed is enough; policy: the cached verdict of the bundle must not be STOP.
/// Unknown images can be queued for analysis; pending ones are denied unless the policy admits while pending.
/// </summary>
public sealed class ImageCheck(IAdmissionBackend backend, VerdictCache verdicts, TimeProvider clock)
{
    private const int MaxTags = 10_000;
    private readonly ConcurrentDictionary<string, (Task<ResolvedImage> Resolution, DateTimeOffset Until)> _tags = new(StringComparer.Ordinal);

    public VerdictCache Verdicts => verdicts;

    /// <param name="dryRun">A dry-run request has no side effects: no analysis is queued for it.</param>
    public async Task<ImageOutcome> CheckAsync(string written, ImageSelection selection, AdmissionPolicy policy, bool dryRun, CancellationToken cancellationToken)
    {
        if (selection.Mode == AdmissionMode.Breakglass)
        {
            backend.Record("warn", $"admission breakglass: {written} admitted without a check ({selection.Because})");
            return ImageOutcome.Admit(written, selection);
        }

        ImageName image;
        try
        {
            image = ImageName.Parse(written);
        }
        catch (FormatException e)
        {
            return ImageOutcome.Failure(written, selection, e.Message);
        }

        // A digest-pinned reference already known to the store needs no registry round trip.
        var resolved = new ResolvedImage(image.Digest ?? "");
        var stored = image.Digest is null ? null : await backend.FindAsync(resolved, cancellationToken);
        if (stored is null)
        {
            resolved = await ResolveAsync(image, policy, cancellationToken);
            stored = await backend.FindAsync(resolved, cancellationToken);
        }

        var shown = $"{written} ({resolved.Digest})";
        if (stored is null)
        {
            if (!policy.RequestAnalysis || dryRun)
            {
                return ImageOutcome.Deny(written, selection, $"image {shown} has never been analysed by Tollgate{(dryRun ? " (dry run: no analysis requested)" : "")}",
                    resolved.Digest, [$"Submit it for analysis: POST /v1/images {{\"source\": \"registry:{image.Pinned(resolved.Digest)}\"}}, then deploy again."]);
            }

            await backend.RequestAnalysisAsync(image, resolved, cancellationToken);
            return Pending(written, shown, selection, policy, resolved.Digest, "has never been analysed by Tollgate; its analysis was requested just now");
        }

        switch (stored.Status)
        {
            case ImageStatus.Failed:
                return ImageOutcome.Deny(written, selection, $"image {shown} could not be analysed: {stored.FailureReason}", stored.Digest,
                    ["Fix the cause, then resubmit it: POST /v1/images."]);
            case not ImageStatus.Analyzed:
                return Pending(written, shown, selection, policy, stored.Digest, $"is not analysed yet (status {stored.Status})");
        }

        if (selection.Mode == AdmissionMode.Analysis)
        {
            return ImageOutcome.Admit(written, selection, stored.Digest);
        }

        var versions = backend.Versions(selection.BundleId);
        var verdict = await verdicts.GetAsync(stored.Digest, image.FullTag, versions,
            () => backend.EvaluateAsync(resolved with { Digest = stored.Digest }, image.FullTag, versions, CancellationToken.None));
        var warnings = verdict.Findings.Where(f => f.Action == PolicyActions.Warn).Select(f => ReviewText.Warning(written, f)).ToList();
        return verdict.Admits
            ? ImageOutcome.Admit(written, selection, stored.Digest, warnings)
            : ImageOutcome.Deny(written, selection, ReviewText.PolicyDenial(shown, verdict), stored.Digest,
                ReviewText.PolicyDetails(image, stored.Digest, verdict, policy.DetailsUrl)) with
            { Warnings = warnings };
    }

    /// <summary>Tag → digest, shared by concurrent callers and reused until the policy's TTL ends; failures are not kept.</summary>
    public async Task<ResolvedImage> ResolveAsync(ImageName image, AdmissionPolicy policy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = image.Digest is null ? image.FullTag : image.Repository + "@" + image.Digest;
        if (!_tags.TryGetValue(key, out var entry) || entry.Until <= now || entry.Resolution.IsFaulted || entry.Resolution.IsCanceled)
        {
            if (_tags.Count >= MaxTags)
            {
                _tags.Clear(); // a bound against requests naming ever new tags; live tags are resolved again once
            }

            entry = (backend.ResolveAsync(image, CancellationToken.None), now + TimeSpan.FromSeconds(policy.TagCacheSeconds));
            _tags[key] = entry;
        }

        try
        {
            return await entry.Resolution.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _tags.TryRemove(new KeyValuePair<string, (Task<ResolvedImage>, DateTimeOffset)>(key, entry));
            throw new AdmissionBackendException($"cannot resolve {image.FullTag} to a digest: {e.Message}", e);
        }
    }

    private static ImageOutcome Pending(string written, string shown, ImageSelection selection, AdmissionPolicy policy, string digest, string state) =>
        policy.AdmitWhilePending
            ? ImageOutcome.Admit(written, selection, digest, $"{written}: admitted while its analysis is pending (image {state})")
            : ImageOutcome.Deny(written, selection, $"image {shown} {state}", digest,
                ["It is admitted once analysed and passing; retry in a few minutes (GET /v1/images/" + digest + " shows the status)."]);
}
