using System.IO.Compression;

namespace Tollgate.Images.Layers;

public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>Decompression chosen by the stream's magic bytes (media types lie; bytes do not).</summary>
public static class Compression
{
    public static LayerCompression Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x1f, 0x8b, ..] => LayerCompression.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => LayerCompression.Zstd,
        _ => LayerCompression.None,
    };

    /// <summary>Wraps <paramref name="raw"/> in the decompressor its first bytes call for.</summary>
    public static (Stream Stream, LayerCompression Kind) Open(Stream raw)
    {
        var head = new byte[4];
        var n = 0;
        while (n < head.Length)
        {
            var r = raw.Read(head, n, head.Length - n);
            if (r == 0)
            {
                break;
            }

            n += r;
        }

        var kind = Sniff(head.AsSpan(0, n));
        Stream prefixed = new PrefixedStream(head.AsMemory(0, n), raw);
        return kind switch
        {
            LayerCompression.Gzip => (new GZipStream(prefixed, CompressionMode.Decompress), kind),
            LayerCompression.Zstd => (new ZstdSharp.DecompressionStream(prefixed), kind),
            _ => (prefixed, kind),
        };
    }
}
