using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Service.Admission.Review;
using Tollgate.Service.Admission.Selection;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;

namespace Tollgate.Service.Admission;

/// <summary>
/// Answers one AdmissionRequest: which images the object runs, how each is selected, each image's decision
/// (in parallel, within the policy's time budget), and the combined answer — every image must be admitted.
/// </summary>
public sealed class AdmissionReviewer(ImageCheck check, Func<AdmissionPolicy> policy, NamespaceLabels namespaces, ILogger logger)
{
    private const int Parallelism = 8;

    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, bool mutating, CancellationToken cancellationToken)
    {
        var rules = policy();
        var uid = request.Uid ?? "";
        var kind = request.Kind?.Kind ?? request.RequestKind?.Kind;
        var workload = $"{kind ?? "object"} {request.Namespace}{(request.Namespace is null ? "" : "/")}{request.Name}".TrimEnd('/', ' ');
        if (request.Operation is "DELETE" or "CONNECT")
        {
            return Allow(uid, $"{request.Operation} is not checked");
        }

        if (request.Namespace is { } ns && rules.ExcludedNamespaces.Contains(ns, StringComparer.Ordinal))
        {
            return Allow(uid, $"namespace {ns} is excluded from admission checks");
        }

        var fallback = PolicySelection.Select(rules, new SelectionSubject(request.Namespace, null, request.Name, Empty, Empty), "");
        if (request.Object is not { ValueKind: JsonValueKind.Object } obj)
        {
            return Unreadable(uid, fallback, $"the request for {workload} carries no object");
        }

        var scan = WorkloadImages.Extract(kind, obj);
        if (scan.PodSpecPointer is null && scan.Problems.Count == 0)
        {
            return Allow(uid, $"{kind} carries no pod spec; not checked");
        }

        var unchanged = OldImages(request, rules);
        var containers = scan.Images.Where(c => !unchanged.Contains(c.Image)).ToList();
        var nsLabels = request.Namespace is null ? null
            : rules.NamespaceLabels.TryGetValue(request.Namespace, out var configured) ? configured
            : await namespaces.GetAsync(request.Namespace, cancellationToken);
        var subject = SelectionSubject.Of(request.Namespace, nsLabels, request.Name, obj);

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(rules.TimeoutMilliseconds);
        var outcomes = new List<ImageOutcome>(scan.Problems.Select(p => ImageOutcome.Failure("(none)", fallback, p)));
        outcomes.AddRange(await DecideAll(containers, image => Decide(image, PolicySelection.Select(rules, subject, image), rules, mutating, request.DryRun == true, budget.Token, cancellationToken)));

        var denied = outcomes.Where(o => !o.Allowed).ToList();
        var warnings = outcomes.SelectMany(o => o.Warnings).Distinct(StringComparer.Ordinal).ToList();
        if (warnings.Count > rules.MaxWarnings)
        {
            warnings = [.. warnings.Take(rules.MaxWarnings), $"… and {warnings.Count - rules.MaxWarnings} more warnings"];
        }

        if (denied.Count > 0)
        {
            var byImage = containers.GroupBy(c => c.Image, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => $"{c.ContainerKind} {c.ContainerName}").ToList(), StringComparer.Ordinal);
            var message = ReviewText.Denial(workload, outcomes.Count, denied, byImage);
            // Debug, not Information: a controller retrying a denied rollout would write a line per retry, and the API
            // server's audit log and the verdict metrics already record denials. The full text goes to the requester.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("admission denied {Uid} {Workload}: {Images}", uid, workload, string.Join(", ", denied.Select(d => d.Image)));
            }

            return new AdmissionResponse
            {
                Uid = uid,
                Allowed = false,
                Result = new AdmissionStatus { Outcome = "Failure", Code = 403, Reason = "Forbidden", Message = message },
                Warnings = warnings.Count == 0 ? null : warnings,
            };
        }

        var response = new AdmissionResponse { Uid = uid, Allowed = true, Warnings = warnings.Count == 0 ? null : warnings };
        return mutating && rules.Mutate ? DigestPatch.Apply(response, containers, outcomes) : response;
    }

    /// <summary>
    /// Decides each distinct image once, in order. A decision answered from the caches completes synchronously, so a
    /// cached review costs no task scheduling; the others (registry, evaluation) run with at most
    /// <see cref="Parallelism"/> in flight.
    /// </summary>
    private static async Task<ImageOutcome[]> DecideAll(IReadOnlyList<ContainerImage> containers, Func<string, Task<ImageOutcome>> decide)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var decisions = new List<Task<ImageOutcome>>(containers.Count);
        var running = new List<Task<ImageOutcome>>();
        foreach (var container in containers)
        {
            if (!seen.Add(container.Image))
            {
                continue;
            }

            var decision = decide(container.Image);
            decisions.Add(decision);
            if (decision.IsCompleted)
            {
                continue;
            }

            running.Add(decision);
            if (running.Count >= Parallelism)
            {
                running.Remove(await Task.WhenAny(running));
            }
        }

        var outcomes = new ImageOutcome[decisions.Count];
        for (var i = 0; i < decisions.Count; i++)
        {
            outcomes[i] = await decisions[i];
        }

        return outcomes;
    }

    /// <summary>A request Tollgate cannot read: the failure policy of the default selection decides.</summary>
    public AdmissionResponse Unreadable(string uid, string problem) =>
        Unreadable(uid, PolicySelection.Select(policy(), new SelectionSubject(null, null, null, Empty, Empty), ""), problem);

    private static AdmissionResponse Unreadable(string uid, ImageSelection selection, string problem) => new()
    {
        Uid = uid,
        Allowed = selection.FailurePolicy == FailurePolicy.Ignore,
        Result = new AdmissionStatus { Outcome = "Failure", Code = 400, Reason = "BadRequest", Message = $"Tollgate cannot check this request: {problem} (failurePolicy {selection.FailurePolicy})" },
        Warnings = selection.FailurePolicy == FailurePolicy.Ignore ? [$"Tollgate admitted without a check: {problem}"] : null,
    };

    private async Task<ImageOutcome> Decide(string image, ImageSelection selection, AdmissionPolicy rules, bool mutating, bool dryRun, CancellationToken budget, CancellationToken aborted)
    {
        try
        {
            return mutating
                ? await Resolve(image, selection, rules, budget)
                : await check.CheckAsync(image, selection, rules, dryRun, budget);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return ImageOutcome.Failure(image, selection, $"image {image}: Tollgate did not finish checking within {rules.TimeoutMilliseconds} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "admission check of {Image} failed", image);
            return ImageOutcome.Failure(image, selection, $"image {image}: internal error: {e.Message}");
        }
    }

    /// <summary>The mutating pass only pins tags to digests; it never denies (the validating pass does).</summary>
    private async Task<ImageOutcome> Resolve(string image, ImageSelection selection, AdmissionPolicy rules, CancellationToken budget)
    {
        try
        {
            var name = ImageName.Parse(image);
            return name.Digest is not null || !rules.Mutate
                ? ImageOutcome.Admit(image, selection)
                : ImageOutcome.Admit(image, selection, (await check.ResolveAsync(name, rules, budget)).Digest);
        }
        catch (Exception e) when (e is FormatException or AdmissionBackendException)
        {
            return ImageOutcome.Admit(image, selection, null, $"{image}: not pinned to a digest: {e.Message}");
        }
    }

    /// <summary>Images the old object already ran: on UPDATE they are not checked again unless the policy says so.</summary>
    private static HashSet<string> OldImages(AdmissionRequest request, AdmissionPolicy rules)
    {
        if (request.Operation != "UPDATE" || rules.CheckUnchangedImagesOnUpdate || request.OldObject is not { ValueKind: JsonValueKind.Object } old)
        {
            return [];
        }

        return WorkloadImages.Extract(request.Kind?.Kind, old).Images.Select(c => c.Image).ToHashSet(StringComparer.Ordinal);
    }

    private static AdmissionResponse Allow(string uid, string why) =>
        new() { Uid = uid, Allowed = true, Result = new AdmissionStatus { Code = 200, Message = why } };

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
