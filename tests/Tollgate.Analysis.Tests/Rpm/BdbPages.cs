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
}
