using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>
/// From a top document (index, manifest list or manifest) to one image: picks the platform's manifest out of
/// indexes (nested ones too), then fetches the config. Shared by layouts and registries; <c>fetch</c> returns
/// JSON already verified against the descriptor's digest (its bool says manifest rather than config).
/// </summary>
public sealed class ManifestResolver(string source, PlatformSpec platform, Func<OciDescriptor, string, bool, CancellationToken, Task<byte[]>> fetch)
{
    private const int MaxIndexDepth = 4;

    public async Task<ResolvedImage> ResolveAsync(byte[] document, string digest, string? mediaType, CancellationToken cancellationToken)
    {
        string? indexDigest = null;
        OciPlatform? indexPlatform = null;
        for (var depth = 0; depth <= MaxIndexDepth; depth++)
        {
            var doc = OciJson.Parse(document, OciJsonContext.Default.OciManifestDocument, source, $"manifest {digest}");
            var type = mediaType ?? doc.MediaType;
            if (MediaTypes.IsIndex(type) || (type is null && doc.IsIndex))
            {
                var chosen = Select(doc.Manifests ?? [], digest);
                indexDigest ??= digest;
                indexPlatform = chosen.Platform;
                document = await fetch(chosen, $"manifest {chosen.Digest} (from index {digest})", true, cancellationToken);
                digest = chosen.Digest;
                mediaType = chosen.MediaType;
                continue;
            }

            if (type is not null && !MediaTypes.IsManifest(type))
            {
                throw new ImageException(source, $"manifest {digest} has unsupported media type '{type}' (schema 1 manifests are not read)");
            }

            if (doc.Config is null || !Layers.Digests.IsValid(doc.Config.Digest))
            {
                throw new ImageException(source, $"manifest {digest} has no valid config descriptor");
            }

            var config = await fetch(doc.Config, $"config {doc.Config.Digest}", false, cancellationToken);
            return new ResolvedImage
            {
                ManifestDigest = digest,
                IndexDigest = indexDigest,
                ManifestMediaType = type ?? MediaTypes.OciManifest,
                ConfigDigest = doc.Config.Digest,
                ConfigJson = config,
                Layers = doc.Layers ?? [],
                Annotations = doc.Annotations ?? [],
                IndexPlatform = indexPlatform,
            };
        }

        throw new ImageException(source, $"indexes nested deeper than {MaxIndexDepth} levels at {digest}");
    }

    /// <summary>The index entry for the wanted platform; attestation manifests (platform unknown/unknown) never match.</summary>
    public OciDescriptor Select(IReadOnlyList<OciDescriptor> manifests, string indexName)
    {
        var images = manifests.Where(m => m.Platform is not { Os: "unknown" }).ToList();
        var match = images.FirstOrDefault(m => platform.Matches(m.Platform));
        if (match is not null)
        {
            return match;
        }

        if (images.Count == 1 && images[0].Platform is null)
        {
            return images[0];
        }

        var available = images.Select(m => m.Platform is null ? "(no platform)" : Describe(m.Platform)).Distinct();
        throw new ImageException(source, $"index {indexName} has no image for platform {platform} (available: {string.Join(", ", available)})");
    }

    private static string Describe(OciPlatform p) => p.Variant is null ? $"{p.Os}/{p.Architecture}" : $"{p.Os}/{p.Architecture}/{p.Variant}";
}
