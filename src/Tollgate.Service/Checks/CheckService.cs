using System.Collections.Concurrent;
using Tollgate.Analysis;
using Tollgate.Images.References;
using Tollgate.Policy.Evaluator;
using Tollgate.Service.Policies;
using Tollgate.Service.Store;

namespace Tollgate.Service.Checks;

/// <summary>
/// Policy checks of stored analyses: the CLI's evaluation (PolicyEvaluator over the stored analysis and the
/// vulnerability DB's matches), cached per (image analysis, tag, bundle version, DB version). Any change to the
/// image's analysis, the bundle or the DB changes the key, so a stale verdict is never served; the admission webhook
/// and the check endpoint share this cache.
/// </summary>
public sealed class CheckService(ImageStore images, PolicyStore policies, AnalysisCache analyses)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, CheckResult> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Evaluates the analysed image <paramref name="digest"/> (or image id) against <paramref name="policyId"/> (default:
    /// the active bundle) for <paramref name="tag"/> (default: the tag it was submitted with). Cached; a cached result has
    /// <see cref="CheckResult.Cached"/> set. Throws <see cref="CheckUnavailableException"/> when the image is unknown or
    /// not analysed, or the policy does not exist.
    /// </summary>
    public CheckResult Evaluate(string digest, string? policyId = null, string? tag = null)
    {
        var image = images.Get(digest) ?? throw new CheckUnavailableException(CheckProblem.ImageNotFound, $"no image {digest}");
        if (image.Status != ImageStatus.Analyzed)
        {
            throw new CheckUnavailableException(CheckProblem.ImageNotAnalyzed, $"image {digest} is {image.Status}{(image.FailureReason is null ? "" : ": " + image.FailureReason)}");
        }

        var policy = policies.Resolve(policyId) ?? throw (policyId is null
            ? new CheckUnavailableException(CheckProblem.NoActivePolicy, "no active policy bundle: upload one (POST /v1/policies) or activate a pack")
            : new CheckUnavailableException(CheckProblem.PolicyNotFound, $"no policy {policyId}"));
        var effectiveTag = tag ?? DefaultTag(image);
        var dbVersion = analyses.VulnDb.Version;
        var key = string.Join('\n', image.Id, image.AnalyzedAt?.ToUnixTimeMilliseconds(), effectiveTag, policy.PolicyId, policy.Version, dbVersion);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached with { Cached = true };
        }

        var stored = analyses.Load(image) ?? throw new CheckUnavailableException(CheckProblem.ImageNotAnalyzed, $"image {digest} has no stored analysis");
        var (scan, scannedWith) = analyses.Scan(stored);
        var input = new PolicyInput { Analysis = stored.Analysis, Vulnerabilities = scan, Tag = effectiveTag, RetrievedFiles = stored.RetrievedFiles };
        var result = new CheckResult(
            image.Id, image.Digest ?? digest, policy, scannedWith, PolicyEvaluator.Evaluate(policy.Bundle, input), Cached: false);
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear(); // entries of superseded versions are never hit again; dropping all is the simple bound
        }

        _cache[key] = result;
        return result;
    }

    /// <summary>
    /// Evaluates an image that is not stored (stateless POST /v1/check): read once with the files the bundle needs,
    /// matched, evaluated, and forgotten.
    /// </summary>
    public async Task<CheckResult> EvaluateSourceAsync(string source, AnalyzeOptions options, string? policyId, string? tag, CancellationToken cancellationToken)
    {
        var policy = policies.Resolve(policyId) ?? throw (policyId is null
            ? new CheckUnavailableException(CheckProblem.NoActivePolicy, "no active policy bundle: upload one (POST /v1/policies) or activate a pack")
            : new CheckUnavailableException(CheckProblem.PolicyNotFound, $"no policy {policyId}"));
        var input = await PolicyInputLoader.LoadAsync(source, policy.Bundle, options, cancellationToken);
        var dbVersion = analyses.VulnDb.Version;
        input = input with { Vulnerabilities = analyses.VulnDb.Scan(input.Analysis), Tag = tag ?? RegistryTag(source) };
        var evaluation = PolicyEvaluator.Evaluate(policy.Bundle, input);
        var digest = input.Analysis.Image.ManifestDigest ?? input.Analysis.Image.ConfigDigest ?? "";
        return new CheckResult(null, digest, policy, dbVersion, evaluation, Cached: false);
    }

    /// <summary>The vulnerability DB version evaluations use now (part of every cache key, also the admission webhook's).</summary>
    public string VulnDbVersion => analyses.VulnDb.Version;

    /// <summary>Drops every cached verdict (versions already invalidate; this frees memory, e.g. after a feed update).</summary>
    public void Clear() => _cache.Clear();

    /// <summary>The tag mappings see when the caller names none: the submitted tag, else the registry reference.</summary>
    private static string? DefaultTag(ImageRecord image) => image.Tag ?? RegistryTag(image.Source);

    private static string? RegistryTag(string source)
    {
        if (source.StartsWith("sbom:", StringComparison.Ordinal) || File.Exists(source) || Directory.Exists(source))
        {
            return null;
        }

        try
        {
            return SourceReference.Parse(source) is { Kind: SourceKind.Registry, Registry: { } registry } ? registry.ToString() : null;
        }
        catch (Tollgate.Images.ImageException)
        {
            return null;
        }
    }
}

public enum CheckProblem
{
    ImageNotFound,
    ImageNotAnalyzed,
    PolicyNotFound,
    NoActivePolicy,
}

/// <summary>Why a check could not be made (the endpoint turns it into 404 or 400).</summary>
public sealed class CheckUnavailableException(CheckProblem problem, string message) : Exception(message)
{
    public CheckProblem Problem { get; } = problem;
}
