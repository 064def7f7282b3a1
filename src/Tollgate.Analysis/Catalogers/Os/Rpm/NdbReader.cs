using System.Buffers.Binary;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>
/// Reads rpm's NDB backend (<c>Packages.db</c>, SUSE): a little-endian file that starts with the "RpmP" header,
/// then slot pages of 16-byte slots ("Slot", package index, block offset, block count); each used slot points at a
/// blob ("BlbS" head, the header bytes, "BlbE" tail with an Adler-32 of the blob) measured in 16-byte blocks.
/// </summary>
internal static class NdbReader
{
    private const int SlotPageSize = 4096;
    private const int SlotSize = 16;
    private const int FirstSlotOffset = 32; // the file header takes the first two slot positions
    private const int BlockSize = 16;
    private const int BlobHeadSize = 16;
    private const int BlobTailSize = 12;

    public static bool IsNdb(ReadOnlySpan<byte> head) => head.StartsWith("RpmP"u8);

    public static IEnumerable<RpmHeaderBlob> Read(Stream db, string path, Action<string> warn)
    {
        var head = new byte[FirstSlotOffset];
        if (db.ReadAt(0, head) < head.Length || !IsNdb(head))
        {
            throw new RpmFormatException("NDB file header is missing or truncated");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4));
        if (version != 0)
        {
            throw new RpmFormatException($"NDB version {version} is not supported");
        }

        var slotPages = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12));
        var slotAreaEnd = (long)slotPages * SlotPageSize;
        if (slotAreaEnd > db.Length)
        {
            warn($"{path}: {slotPages} slot pages do not fit in the {db.Length}-byte file: truncated, reading what is there");
            slotAreaEnd = db.Length;
        }

        return ReadSlots(db, path, warn, slotAreaEnd);
    }

    private static IEnumerable<RpmHeaderBlob> ReadSlots(Stream db, string path, Action<string> warn, long slotAreaEnd)
    {
        var slot = new byte[SlotSize];
        for (long offset = FirstSlotOffset; offset + SlotSize <= slotAreaEnd; offset += SlotSize)
        {
            db.ReadAt(offset, slot);
            var packageIndex = BinaryPrimitives.ReadUInt32LittleEndian(slot.AsSpan(4));
            if (!slot.AsSpan().StartsWith("Slot"u8))
            {
                warn($"{path}: slot at offset {offset} has no \"Slot\" magic; slot skipped");
                continue;
            }

            if (packageIndex == 0)
            {
                continue; // free slot
            }

            var blockOffset = BinaryPrimitives.ReadUInt32LittleEndian(slot.AsSpan(8));
            var blockCount = BinaryPrimitives.ReadUInt32LittleEndian(slot.AsSpan(12));
            var blob = ReadBlob(db, packageIndex, (long)blockOffset * BlockSize, (long)blockCount * BlockSize, out var problem);
            if (blob is null)
            {
                warn($"{path}: package {packageIndex}: {problem}; package skipped");
                continue;
            }

            yield return new RpmHeaderBlob(packageIndex, blob);
        }
    }

    private static byte[]? ReadBlob(Stream db, uint packageIndex, long start, long length, out string? problem)
    {
        problem = null;
        if (start < SlotPageSize || length < BlobHeadSize + BlobTailSize || length > int.MaxValue || start + length > db.Length)
        {
            problem = $"blob of {length} bytes at offset {start} lies outside the file ({db.Length} bytes)";
            return null;
        }

        var blocks = new byte[length];
        db.ReadAt(start, blocks);
        var dataLength = BinaryPrimitives.ReadUInt32LittleEndian(blocks.AsSpan(12));
        var tail = blocks.AsSpan((int)length - BlobTailSize);
        problem =
            !blocks.AsSpan().StartsWith("BlbS"u8) ? "blob has no \"BlbS\" magic"
            : BinaryPrimitives.ReadUInt32LittleEndian(blocks.AsSpan(4)) != packageIndex ? "blob belongs to another package"
            : dataLength > length - BlobHeadSize - BlobTailSize ? $"blob length {dataLength} exceeds its {length}-byte blocks"
            : !tail[8..].SequenceEqual("BlbE"u8) ? "blob has no \"BlbE\" tail"
            : BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) != dataLength ? "blob head and tail disagree on its length"
            : BinaryPrimitives.ReadUInt32LittleEndian(tail) != Adler32(blocks.AsSpan(0, (int)length - BlobTailSize))
                ? "blob checksum does not match"
            : null;
        return problem is null ? blocks.AsSpan(BlobHeadSize, (int)dataLength).ToArray() : null;
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            // 5552 bytes is the most that can be summed before b could overflow 32 bits.
            var chunk = data[..Math.Min(5552, data.Length)];
            foreach (var x in chunk)
            {
                a += x;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }
}
