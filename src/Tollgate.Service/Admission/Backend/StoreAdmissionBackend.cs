using System.Collections.Concurrent;
using System.Text.Json;
using Tollgate.Images;
using Tollgate.Images.Model;
using Tollgate.Images.Registry;
using Tollgate.Policy.Evaluator;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;
using Tollgate.Service.Checks;
using Tollgate.Service.Policies;
using Tollgate.Service.Store;

namespace Tollgate.Service.Admission.Backend;

/// <summary>
/// <see cref="IAdmissionBackend"/> over what the service has today: images and their native-JSON analyses in the
/// <see cref="ImageStore"/>, admission events in the <see cref="EventLog"/>, bundles from files or packs (<see cref="AdmissionOptions.Bundles"/>), the
/// vulnerability DB file, and the registry for tag → digest. Evaluation is the CLI's: stored analysis → matcher →
/// PolicyEvaluator. When the service stores bundles and re-matched results itself, only this class changes.
/// </summary>
public sealed class StoreAdmissionBackend : IAdmissionBackend
{
    private readonly ImageStore _images;
    private readonly EventLog _events;
    private readonly AdmissionOptions _options;
    private readonly IReadOnlyList<BundleSource> _bundles;
    private readonly FeedSource _feed;
    private readonly ConcurrentDictionary<string, byte> _requested = new(StringComparer.Ordinal);
    private readonly PolicyStore? _policies;
    private readonly CheckService? _checks;
    private readonly Workers.IAnalysisSourceAccess? _access;
    private readonly AnalysisCache _analyses;

    /// <param name="policies">The service's bundles (the active one by default), used when no admission bundles are configured.</param>
    /// <param name="checks">The service's cached evaluation, used with <paramref name="policies"/>.</param>
    /// <param name="access">
    /// How the service reaches a registry (the operator's --insecure-registry hosts, stored credentials): tag → digest
    /// resolution uses what the analysis worker will use to pull the same reference.
    /// </param>
    /// <param name="analyses">
    /// Parsed stored analyses and their matches, shared with the check endpoint: an evaluation neither re-parses the
    /// SBOM nor re-matches it for the same feed version.
    /// </param>
    public StoreAdmissionBackend(ImageStore images, EventLog events, AdmissionOptions options, AnalysisCache analyses, PolicyStore? policies = null,
        CheckService? checks = null, Workers.IAnalysisSourceAccess? access = null)
    {
        _analyses = analyses;
        _images = images;
        _events = events;
        _options = options;
        _policies = policies;
        _checks = checks;
        _access = access;
        _bundles = options.Bundles.Select(b => new BundleSource(b, options.ReloadCheckInterval)).ToList();
        _feed = new FeedSource(options.VulnDb ?? Environment.GetEnvironmentVariable("TOLLGATE_DB"), options.ReloadCheckInterval);
    }

    public async Task<ResolvedImage> ResolveAsync(ImageName image, CancellationToken cancellationToken)
    {
        var source = "registry:" + image.Written;
        var load = _access?.LoadOptionsFor(source) ?? new ImageLoadOptions();
        using var client = new RegistryClient(source, image.Reference, load with { Insecure = load.Insecure || _options.InsecureRegistries });
        var (bytes, digest, mediaType) = await client.GetManifestAsync(image.Reference.ManifestReference, cancellationToken);
        return new ResolvedImage(digest, PlatformManifest(bytes, mediaType));
    }

    public Task<StoredImage?> FindAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        foreach (var digest in image.Candidates)
        {
            if (_images.Get(digest) is { } known)
            {
                return Task.FromResult<StoredImage?>(new StoredImage(digest, known.Status, known.FailureReason));
            }
        }

        // Queued by admission: the row has no digest until analysed, its source is pinned to it.
        var queued = _images.List().FirstOrDefault(i => i.Digest is null && image.Candidates.Any(d => i.Source.EndsWith("@" + d, StringComparison.Ordinal)));
        return Task.FromResult(queued is null ? null : new StoredImage(image.Digest, queued.Status, queued.FailureReason));
    }

    public Task RequestAnalysisAsync(ImageName image, ResolvedImage resolved, CancellationToken cancellationToken)
    {
        if (_requested.TryAdd(resolved.Digest, 0))
        {
            var record = _images.Add("registry:" + image.Pinned(resolved.Digest), image.FullTag);
            _events.Add("admission", "info", $"analysis of {image.Written} ({resolved.Digest}) requested by admission as image {record.Id}");
        }

        return Task.CompletedTask;
    }

    public AdmissionVersions Versions(string? bundleId)
    {
        if (UsesServicePolicies)
        {
            // The bundle the API manages (uploads, allowlist edits, activation) and the DB feeds update: both versioned.
            var policy = _policies!.Resolve(bundleId) ?? throw new AdmissionBackendException(bundleId is null
                ? "no active policy bundle: upload one (POST /v1/policies) or activate a pack"
                : $"no policy bundle with id '{bundleId}'");
            return new AdmissionVersions(policy.PolicyId, policy.Bundle.Name, policy.Version, _checks!.VulnDbVersion);
        }

        var bundle = Bundle(bundleId);
        return new AdmissionVersions(bundle.Bundle.Id, bundle.Bundle.Name, bundle.Version, _feed.Current.Version);
    }

    public Task<AdmissionVerdict> EvaluateAsync(ResolvedImage image, string tag, AdmissionVersions versions, CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (UsesServicePolicies)
        {
            try
            {
                return AdmissionVerdict.From(_checks!.Evaluate(image.Digest, versions.BundleId, tag).Evaluation, versions);
            }
            catch (CheckUnavailableException e)
            {
                throw new AdmissionBackendException(e.Message, e);
            }
        }

        var stored = _analyses.Load(image.Digest) ?? throw new AdmissionBackendException($"image {image.Digest} has no stored analysis");
        var feed = _feed.Current;
        var scan = _analyses.Scan(stored, feed.Path, feed.Version);
        var evaluation = PolicyEvaluator.Evaluate(Bundle(versions.BundleId).Bundle,
            new PolicyInput { Analysis = stored.Analysis, Tag = tag, Vulnerabilities = scan, RetrievedFiles = stored.RetrievedFiles });
        return AdmissionVerdict.From(evaluation, versions);
    }, cancellationToken);

    public void Record(string level, string message) => _events.Add("admission", level, message);

    /// <summary>No admission bundles configured: admission follows the service's policies (the issue's default).</summary>
    private bool UsesServicePolicies => _bundles.Count == 0 && _policies is not null && _checks is not null;

    private LoadedBundle Bundle(string? bundleId)
    {
        if (_bundles.Count == 0)
        {
            throw new AdmissionBackendException("no active policy bundle is configured (admission Bundles)");
        }

        if (bundleId is null)
        {
            return _bundles[0].Current;
        }

        return _bundles.Select(b => b.Current).FirstOrDefault(b => b.Bundle.Id == bundleId || b.Spec == bundleId)
            ?? throw new AdmissionBackendException($"no policy bundle with id '{bundleId}' (known: {string.Join(", ", _bundles.Select(b => b.Current.Bundle.Id))})");
    }

    /// <summary>For an index, the manifest of the configured platform (what the analysis of a multi-platform image is stored under).</summary>
    private string? PlatformManifest(byte[] bytes, string? mediaType)
    {
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var type = mediaType ?? (root.TryGetProperty("mediaType", out var m) ? m.GetString() : null);
        if (!MediaTypes.IsIndex(type) || !root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var wanted = _options.Platform.Split('/');
        foreach (var entry in manifests.EnumerateArray())
        {
            if (entry.TryGetProperty("platform", out var p)
                && p.TryGetProperty("os", out var os) && os.GetString() == wanted[0]
                && p.TryGetProperty("architecture", out var arch) && arch.GetString() == wanted.ElementAtOrDefault(1)
                && (wanted.Length < 3 || (p.TryGetProperty("variant", out var v) && v.GetString() == wanted[2])))
            {
                return entry.GetProperty("digest").GetString();
            }
        }

        return null;
    }
}
