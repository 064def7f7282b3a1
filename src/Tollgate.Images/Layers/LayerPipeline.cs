using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;

namespace Tollgate.Images.Layers;

/// <summary>
/// One layer, one pass: stored blob → digest check → decompression (sniffed) → diff-id check and size limits →
/// tar walk. The hashes are checked at end of stream, so a layer is only reported once every byte was verified.
/// </summary>
public sealed class LayerPipeline(string source, ReadLimits limits, ContentCollector collector, ByteBudget imageBudget, bool fileSha256 = false)
{
    private const int TarBufferBytes = 1 << 17;

    // Decompressors read in small chunks; one large read per MB keeps the stored-blob hashing in few, big pieces.
    private const int StoredBufferBytes = 1 << 20;

    public sealed record Result(LayerFiles Files, string DiffId, long StoredBytes, LayerCompression Compression);

    /// <param name="blob">The stored blob's descriptor; an empty digest means the source cannot name it (not checked).</param>
    /// <param name="expectedDiffId">The config's diff-id; null when there is no config (dir: sources).</param>
    public Result Read(Stream raw, int index, OciDescriptor blob, string? expectedDiffId)
    {
        var name = blob.Digest.Length > 0 ? blob.Digest : expectedDiffId ?? "rootfs";
        var what = $"layer {index} ({name})";
        var blobDigest = blob.Digest.Length > 0 ? blob.Digest : null;
        using var stored = new VerifyingStream(raw, source, what + " blob", blobDigest, blobDigest is null ? -1 : blob.Size, long.MaxValue, hash: blobDigest is not null);
        var compression = LayerCompression.None;
        try
        {
            var (decompressed, kind) = Compression.Open(new BufferedStream(stored, StoredBufferBytes));
            compression = kind;
            using var tar = new VerifyingStream(decompressed, source, what, expectedDiffId, -1, limits.MaxLayerBytes, imageBudget) { RequireTarEnd = true };
            using var buffered = new BufferedStream(tar, TarBufferBytes);
            var files = new TarLayerReader(source, collector, limits, fileSha256).Read(buffered, index, what, expectedDiffId ?? "");
            buffered.CopyTo(Stream.Null);
            stored.Drain();
            var diffId = tar.Digest!;
            return new Result(files with { DiffId = diffId }, diffId, stored.BytesRead, compression);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or FormatException
                                      or ArgumentException or ZstdSharp.ZstdException)
        {
            throw new ImageException(source, $"{what} is truncated or corrupt ({Describe(compression)}: {e.Message})", e);
        }
    }

    private static string Describe(LayerCompression kind) => kind switch
    {
        LayerCompression.Gzip => "gzip/tar",
        LayerCompression.Zstd => "zstd/tar",
        _ => "tar",
    };
}
