using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Admission.Workloads;

namespace Tollgate.Service.Admission;

/// <summary>
/// Everything admission needs from the rest of the service, and nothing more: the admission core depends on this
/// interface only, so the store, policies and feeds can change underneath without touching it.
/// Methods may throw; the reviewer turns any exception into the configured failure policy.
/// </summary>
public interface IAdmissionBackend
{
    /// <summary>The digest the registry serves for the reference's tag (for a multi-platform index, the index digest).</summary>
    Task<ResolvedImage> ResolveAsync(ImageName image, CancellationToken cancellationToken);

    /// <summary>What the store knows of the image with this digest; null when it has never been submitted.</summary>
    Task<StoredImage?> FindAsync(ResolvedImage image, CancellationToken cancellationToken);

    /// <summary>Queues an analysis of exactly this digest.</summary>
    Task RequestAnalysisAsync(ImageName image, ResolvedImage resolved, CancellationToken cancellationToken);

    /// <summary>The bundle (null: the active one) and feed versions a verdict depends on; cheap, called per request.</summary>
    AdmissionVersions Versions(string? bundleId);

    /// <summary>Evaluates the stored analysis of <paramref name="image"/> under the bundle and feed of <paramref name="versions"/>.</summary>
    Task<AdmissionVerdict> EvaluateAsync(ResolvedImage image, string tag, AdmissionVersions versions, CancellationToken cancellationToken);

    /// <summary>Records an admission event (breakglass admissions, fail-open admissions) in the service's events log.</summary>
    void Record(string level, string message);
}

/// <summary>A tag resolved to a digest; <see cref="PlatformDigest"/> is the manifest for the configured platform when the digest is an index.</summary>
public sealed record ResolvedImage(string Digest, string? PlatformDigest = null)
{
    /// <summary>Digests an analysis may be stored under: the platform manifest first, then the one the tag names.</summary>
    public IEnumerable<string> Candidates => PlatformDigest is null || PlatformDigest == Digest ? [Digest] : [PlatformDigest, Digest];
}

/// <summary>An image the store knows: analysis status (not_analyzed, analyzing, analyzed, analysis_failed) and why it failed.</summary>
public sealed record StoredImage(string Digest, string Status, string? FailureReason);

/// <summary>The inputs a verdict depends on besides the image: when either version changes, cached verdicts are stale.</summary>
public sealed record AdmissionVersions(string BundleId, string? BundleName, string BundleVersion, string FeedVersion);

/// <summary>An internal problem the backend can name (no such bundle, unreadable DB): reported per the failure policy.</summary>
public sealed class AdmissionBackendException(string message, Exception? inner = null) : Exception(message, inner);
