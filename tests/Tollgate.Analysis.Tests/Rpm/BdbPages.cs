using System.Buffers.Binary;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>
/// Test-side editing of a little-endian Berkeley DB hash file held in memory, to craft damaged copies of real
/// databases: page types, next-page links and item offsets, at the fixed places the on-disk format keeps them.
/// </summary>
internal sealed class BdbPages(byte[] bytes)
{
    public const byte HashPage = 13;
    public const byte OverflowPage = 7;

    public byte[] Bytes { get; } = bytes;
    public int PageSize { get; } = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
    public int PageCount => Bytes.Length / PageSize;

    public byte Type(int page) => Bytes[(page * PageSize) + 25];

    public uint Next(int page) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((page * PageSize) + 16));

    public void SetNext(int page, uint next) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan((page * PageSize) + 16), next);

    public ushort Entries(int page) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((page * PageSize) + 20));

    public IEnumerable<int> PagesOfType(byte type) => Enumerable.Range(1, PageCount - 1).Where(p => Type(p) == type);

    /// <summary>Overflow pages that continue onto another overflow page (the middle of a header's chain).</summary>
    public IEnumerable<int> ChainedOverflowPages() =>
        PagesOfType(OverflowPage).Where(p => Next(p) != 0 && Type((int)Next(p)) == OverflowPage);

    public string WriteTo(string folder, string name = "Packages")
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Bytes);
        return path;
    }

    /// <summary>
    /// The same database as a big-endian host (s390x) would have written it: every multi-byte field of the metadata,
    /// page headers, hash item index, off-page references and the 4-byte record keys byte-swapped; header blobs
    /// (always big-endian) untouched.
    /// </summary>
    public byte[] ToBigEndian()
    {
        var output = (byte[])Bytes.Clone();
        void Swap32(int at) => BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(at)));
        void Swap16(int at) => BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at), BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(at)));

        foreach (var at in new[] { 0, 4, 8, 12, 16, 20, 28, 32, 36, 40, 44, 48 }.Concat(Enumerable.Range(0, 38).Select(i => 72 + (i * 4))))
        {
            Swap32(at);
        }

        for (var page = 1; page < PageCount; page++)
        {
            var start = page * PageSize;
            foreach (var at in new[] { 0, 4, 8, 12, 16 })
            {
                Swap32(start + at);
            }

            Swap16(start + 20);
            Swap16(start + 22);
            if (Type(page) is not (HashPage or 2))
            {
                continue;
            }

            for (var item = 0; item < Entries(page); item++)
            {
                var offset = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(start + 26 + (item * 2)));
                var end = item == 0 ? PageSize : BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(start + 26 + ((item - 1) * 2)));
                Swap16(start + 26 + (item * 2));
                var at = start + offset;
                if (Bytes[at] == 3)
                {
                    Swap32(at + 4);
                    Swap32(at + 8);
                }
                else if (Bytes[at] == 1 && item % 2 == 0 && end - offset == 5)
                {
                    Swap32(at + 1);
                }
            }
        }

        return output;
    }
}
