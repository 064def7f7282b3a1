using Tollgate.Images.FileTree;
using Tollgate.Images.Layers;
using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>
/// `docker save` output: manifest.json names the config and layer files (legacy "ID/layer.tar" or OCI-style
/// "blobs/sha256/HEX"). Layers are read in place from the archive. There is no manifest to digest, so the
/// config digest (the image ID) and the diff-ids carry the verification.
/// </summary>
public sealed class DockerArchiveSource(string name, ILayoutFiles files, string? tag, long maxJsonBytes) : IImageSource
{
    private readonly LayoutBlobs _blobs = new(files, name, maxJsonBytes);
    private List<string> _layerPaths = [];

    public string Name { get; } = name;

    public Task<ResolvedImage> ResolveAsync(CancellationToken cancellationToken)
    {
        var manifestJson = _blobs.ReadFile("manifest.json", "manifest.json", maxJsonBytes);
        var images = OciJson.Parse(manifestJson, OciJsonContext.Default.ListDockerArchiveImage, Name, "manifest.json");
        if (images.Count == 0)
        {
            throw new ImageException(Name, "manifest.json lists no images");
        }

        var image = tag is null
            ? images[0]
            : images.FirstOrDefault(i => i.RepoTags?.Contains(tag) == true || i.RepoTags?.Any(t => t.EndsWith("/" + tag, StringComparison.Ordinal)) == true)
              ?? throw new ImageException(Name, $"tag '{tag}' not in manifest.json (tags: {string.Join(", ", images.SelectMany(i => i.RepoTags ?? []))})");

        var configPath = MemberPath(image.Config, "config");
        var config = _blobs.ReadFile(configPath, $"config {image.Config}", maxJsonBytes);
        var configDigest = Digests.Sha256(config);
        if (DigestOfPath(configPath) is { } named)
        {
            Digests.Verify(config, named, Name, $"config {image.Config}");
            configDigest = named;
        }

        _layerPaths = image.Layers.Select(l => MemberPath(l, "layer")).ToList();
        var layers = _layerPaths.Select((p, i) => new OciDescriptor
        {
            Digest = DigestOfPath(p) ?? "",
            Size = files.Length(p) ?? throw new ImageException(Name, $"layer {i} ({p}) is missing from the archive"),
        }).ToList();

        return Task.FromResult(new ResolvedImage
        {
            ConfigDigest = configDigest,
            ConfigJson = config,
            ManifestMediaType = MediaTypes.DockerManifest,
            Layers = layers,
            Tags = image.RepoTags ?? [],
        });
    }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken) => Task.FromResult(files.Open(_layerPaths[index]));

    public ValueTask DisposeAsync()
    {
        files.Dispose();
        return ValueTask.CompletedTask;
    }

    // Names in manifest.json are archive-relative; one that climbs out of the archive is refused.
    private string MemberPath(string path, string what)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Contains(".."))
        {
            throw new ImageException(Name, $"manifest.json names an unsafe {what} path '{path}'");
        }

        return PathUtil.Normalize(path)[1..];
    }

    // OCI-style docker save stores blobs by digest ("blobs/sha256/HEX"); the path then names the digest to verify.
    private static string? DigestOfPath(string path)
    {
        var parts = path.Split('/');
        if (parts.Length == 3 && parts[0] == "blobs")
        {
            var digest = parts[1] + ":" + parts[2];
            return Digests.IsValid(digest) ? digest : null;
        }

        // Legacy configs are "HEX.json" named by their sha256.
        if (parts.Length == 1 && parts[0].EndsWith(".json", StringComparison.Ordinal))
        {
            var digest = "sha256:" + parts[0][..^5];
            return Digests.IsValid(digest) ? digest : null;
        }

        return null;
    }
}
