using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>An OCI image layout, as a directory (oci-dir:) or inside a tar archive (oci-archive:).</summary>
public sealed class OciLayoutSource : IImageSource
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private readonly ILayoutFiles _files;
    private readonly LayoutBlobs _blobs;
    private readonly string? _tag;
    private readonly string? _digest;
    private readonly PlatformSpec _platform;
    private IReadOnlyList<OciDescriptor> _layers = [];

    public OciLayoutSource(string name, ILayoutFiles files, string? tag, string? digest, PlatformSpec platform, long maxJsonBytes)
    {
        Name = name;
        _files = files;
        _tag = tag;
        _digest = digest;
        _platform = platform;
        _blobs = new LayoutBlobs(files, name, maxJsonBytes);
        MaxJsonBytes = maxJsonBytes;
    }

    public string Name { get; }

    private long MaxJsonBytes { get; }

    public async Task<ResolvedImage> ResolveAsync(CancellationToken cancellationToken)
    {
        var indexJson = _blobs.ReadFile("index.json", "index.json", MaxJsonBytes);
        var index = OciJson.Parse(indexJson, OciJsonContext.Default.OciManifestDocument, Name, "index.json");
        var entries = index.Manifests ?? throw new ImageException(Name, "index.json lists no manifests");
        var resolver = new ManifestResolver(Name, _platform, (d, what, _, _) => Task.FromResult(_blobs.ReadJson(d, what)));

        ResolvedImage image;
        List<string> tags;
        var selected = SelectEntries(entries);
        if (selected.Count == 1)
        {
            var root = selected[0];
            var document = _blobs.ReadJson(root, $"manifest {root.Digest}");
            image = await resolver.ResolveAsync(document, root.Digest, root.MediaType, cancellationToken);
            tags = TagOf(root) is { } t ? [t] : [];
        }
        else
        {
            // index.json itself lists one manifest per platform: select among them.
            var root = resolver.Select(selected, "index.json");
            var document = _blobs.ReadJson(root, $"manifest {root.Digest}");
            image = await resolver.ResolveAsync(document, root.Digest, root.MediaType, cancellationToken);
            image = image with { IndexPlatform = image.IndexPlatform ?? root.Platform };
            tags = TagOf(root) is { } t ? [t] : [];
        }

        _layers = image.Layers;
        return image with { Tags = tags };
    }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.OpenBlob(_layers[index], $"layer {index}"));

    public ValueTask DisposeAsync()
    {
        _files.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string? TagOf(OciDescriptor d) => d.Annotations?.GetValueOrDefault(RefNameAnnotation);

    private List<OciDescriptor> SelectEntries(List<OciDescriptor> entries)
    {
        if (_digest is not null)
        {
            var byDigest = entries.Where(e => e.Digest == _digest).ToList();
            return byDigest.Count > 0
                ? byDigest
                : [new OciDescriptor { Digest = _digest, Size = -1 }];
        }

        if (_tag is not null)
        {
            var byTag = entries.Where(e => TagOf(e) == _tag).ToList();
            if (byTag.Count == 0)
            {
                var known = entries.Select(TagOf).OfType<string>().Distinct();
                throw new ImageException(Name, $"tag '{_tag}' not found in index.json (tags: {string.Join(", ", known)})");
            }

            return byTag;
        }

        if (entries.Count == 0)
        {
            throw new ImageException(Name, "index.json lists no manifests");
        }

        return entries;
    }
}
