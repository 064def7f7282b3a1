using Tollgate.Images.Layers;
using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>Blobs of an OCI layout ("blobs/ALG/HEX"): bounded, digest-verified JSON reads and raw layer streams.</summary>
public sealed class LayoutBlobs(ILayoutFiles files, string source, long maxJsonBytes)
{
    public static string PathOf(string digest) => $"blobs/{Digests.Algorithm(digest)}/{Digests.Hex(digest)}";

    public byte[] ReadJson(OciDescriptor descriptor, string what)
    {
        Digests.RequireValid(descriptor.Digest, source, what);
        var bytes = ReadFile(PathOf(descriptor.Digest), what, maxJsonBytes);
        Digests.Verify(bytes, descriptor.Digest, source, what);
        return bytes;
    }

    /// <summary>Reads a small file whole (index.json, manifest.json, a config), refusing oversized ones.</summary>
    public byte[] ReadFile(string relativePath, string what, long maxBytes)
    {
        var length = files.Length(relativePath) ?? throw new ImageException(source, $"{what} is missing ({relativePath})");
        if (length > maxBytes)
        {
            throw new ImageException(source, $"{what} is {length} bytes, over the {maxBytes}-byte limit for JSON documents");
        }

        using var stream = files.Open(relativePath);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public Stream OpenBlob(OciDescriptor descriptor, string what)
    {
        Digests.RequireValid(descriptor.Digest, source, what);
        var path = PathOf(descriptor.Digest);
        if (files.Length(path) is null)
        {
            throw new ImageException(source, $"{what} blob {descriptor.Digest} is missing ({path})");
        }

        return files.Open(path);
    }
}
