using Tollgate.Images.Model;
using Tollgate.Images.References;
using Tollgate.Images.Registry;

namespace Tollgate.Images.Sources;

/// <summary>An image in an OCI distribution registry (registry: or a bare reference).</summary>
public sealed class RegistrySource(string name, RegistryReference reference, ImageLoadOptions options, PlatformSpec platform) : IImageSource
{
    private readonly RegistryClient _client = new(name, reference, options);
    private IReadOnlyList<OciDescriptor> _layers = [];

    public string Name { get; } = name;

    public async Task<ResolvedImage> ResolveAsync(CancellationToken cancellationToken)
    {
        var (bytes, digest, mediaType) = await _client.GetManifestAsync(reference.ManifestReference, cancellationToken);
        var resolver = new ManifestResolver(Name, platform, async (d, what, isManifest, ct) =>
            isManifest ? (await _client.GetManifestAsync(d.Digest, ct)).Bytes : await _client.GetJsonBlobAsync(d, what, ct));
        var image = await resolver.ResolveAsync(bytes, digest, mediaType, cancellationToken);
        _layers = image.Layers;
        return image with
        {
            Tags = reference.Tag is null ? [] : [$"{reference.Host}/{reference.Repository}:{reference.Tag}"],
            RepoDigests = [$"{reference.Host}/{reference.Repository}@{image.IndexDigest ?? image.ManifestDigest}"],
        };
    }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken) =>
        _client.OpenBlobAsync(_layers[index], $"layer {index}", cancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
