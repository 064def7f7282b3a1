using System.IO.Compression;
using Tollgate.Images.Layers;
using Tollgate.Images.Model;
using Tollgate.Images.Sources;

namespace Tollgate.Images.Writing;

/// <summary>A layer blob written to a layout: its stored descriptor and the diff-id of its tar.</summary>
public sealed record WrittenLayer(OciDescriptor Blob, string DiffId);

/// <summary>What goes into one image's config and manifest.</summary>
public sealed record ImageSpec
{
    public required IReadOnlyList<WrittenLayer> Layers { get; init; }
    public string Os { get; init; } = "linux";
    public string Architecture { get; init; } = "amd64";
    public string? Variant { get; init; }
    public OciRuntimeConfig? Config { get; init; }

    /// <summary>History; null writes one "created by tollgate" entry per layer.</summary>
    public IReadOnlyList<OciHistory>? History { get; init; }

    public string Created { get; init; } = "2024-09-06T00:00:00Z";

    /// <summary>Docker schema-2 media types instead of OCI ones.</summary>
    public bool DockerMediaTypes { get; init; }
}

/// <summary>
/// Writes an OCI image layout (oci-layout, index.json, blobs/sha256/…): layers, configs, manifests and indexes.
/// Used to make the bundled sample and synthetic test images in-process; the raw blob methods let tests write
/// deliberately broken layouts too.
/// </summary>
public sealed class OciLayoutWriter
{
    private readonly List<OciDescriptor> _index = [];

    public OciLayoutWriter(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    public string Directory { get; }

    /// <summary>Stores bytes as a blob named by their sha256.</summary>
    public OciDescriptor WriteBlob(byte[] data, string mediaType)
    {
        var digest = Digests.Sha256(data);
        File.WriteAllBytes(BlobPath(digest), data);
        return new OciDescriptor { MediaType = mediaType, Digest = digest, Size = data.Length };
    }

    public string BlobPath(string digest) => Path.Combine(Directory, LayoutBlobs.PathOf(digest));

    public WrittenLayer AddLayer(byte[] tar, LayerCompression compression = LayerCompression.Gzip)
    {
        var (bytes, mediaType) = compression switch
        {
            LayerCompression.Gzip => (Gzip(tar), MediaTypes.OciLayerGzip),
            LayerCompression.Zstd => (Zstd(tar), MediaTypes.OciLayerZstd),
            _ => (tar, MediaTypes.OciLayer),
        };
        return new WrittenLayer(WriteBlob(bytes, mediaType), Digests.Sha256(tar));
    }

    /// <summary>Writes config and manifest; returns the manifest descriptor (with platform, for indexes).</summary>
    public OciDescriptor AddImage(ImageSpec spec)
    {
        var config = new OciImageConfig
        {
            Architecture = spec.Architecture,
            Os = spec.Os,
            Variant = spec.Variant,
            Created = spec.Created,
            Config = spec.Config ?? new OciRuntimeConfig(),
            Rootfs = new OciRootFs { Type = "layers", DiffIds = spec.Layers.Select(l => l.DiffId).ToList() },
            History = spec.History?.ToList()
                ?? spec.Layers.Select((_, i) => new OciHistory { Created = spec.Created, CreatedBy = $"tollgate layer {i}" }).ToList(),
        };
        var configBlob = WriteBlob(OciJson.Serialize(config, OciJsonContext.Default.OciImageConfig),
            spec.DockerMediaTypes ? MediaTypes.DockerConfig : MediaTypes.OciConfig);
        var layers = spec.Layers.Select(l => spec.DockerMediaTypes ? l.Blob with { MediaType = MediaTypes.DockerLayerGzip } : l.Blob).ToList();
        var manifest = new OciManifestDocument
        {
            SchemaVersion = 2,
            MediaType = spec.DockerMediaTypes ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configBlob,
            Layers = layers,
        };
        var blob = WriteBlob(OciJson.Serialize(manifest, OciJsonContext.Default.OciManifestDocument), manifest.MediaType);
        return blob with { Platform = new OciPlatform { Os = spec.Os, Architecture = spec.Architecture, Variant = spec.Variant } };
    }

    /// <summary>Writes an image index (multi-platform) over manifests written before.</summary>
    public OciDescriptor AddIndex(IEnumerable<OciDescriptor> manifests)
    {
        var index = new OciManifestDocument { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = manifests.ToList() };
        return WriteBlob(OciJson.Serialize(index, OciJsonContext.Default.OciManifestDocument), MediaTypes.OciIndex);
    }

    /// <summary>Lists a manifest or index in index.json under a tag (org.opencontainers.image.ref.name).</summary>
    public void Tag(OciDescriptor descriptor, string? tag)
    {
        var annotations = tag is null ? null : new Dictionary<string, string> { [OciLayoutSource.RefNameAnnotation] = tag };
        _index.Add(descriptor with { Annotations = annotations });
    }

    /// <summary>Writes index.json with everything tagged so far.</summary>
    public void Save()
    {
        var index = new OciManifestDocument { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = _index };
        File.WriteAllBytes(Path.Combine(Directory, "index.json"), OciJson.Serialize(index, OciJsonContext.Default.OciManifestDocument));
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor(9);
        return compressor.Wrap(data).ToArray();
    }
}
