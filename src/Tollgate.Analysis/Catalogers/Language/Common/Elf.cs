using System.Buffers.Binary;
using System.Text;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>An ELF section or loadable segment: where its bytes are in the file and where they load in memory.</summary>
public sealed record ElfRegion(string Name, long Offset, long Size, ulong Address);

/// <summary>
/// Just enough ELF to find named sections (.go.buildinfo, .dep-v0) and to map virtual addresses to file offsets.
/// Every offset and count read from the file is checked against the file length before use.
/// </summary>
public sealed class Elf
{
    private const int MaxSections = 4096;

    private Elf(Stream stream, bool is64, bool bigEndian, IReadOnlyList<ElfRegion> sections, IReadOnlyList<ElfRegion> segments)
    {
        Stream = stream;
        Is64 = is64;
        BigEndian = bigEndian;
        Sections = sections;
        Segments = segments;
    }

    public Stream Stream { get; }
    public bool Is64 { get; }
    public bool BigEndian { get; }
    public IReadOnlyList<ElfRegion> Sections { get; }
    public IReadOnlyList<ElfRegion> Segments { get; }

    /// <summary>Reads the headers of a seekable ELF stream; null when it is not ELF or its headers are broken.</summary>
    public static Elf? TryRead(Stream stream)
    {
        var ident = ReadAt(stream, 0, 64);
        if (ident.Length < 52 || !Sniffs.Elf(ident) || ident[4] is not (1 or 2) || ident[5] is not (1 or 2))
        {
            return null;
        }

        var is64 = ident[4] == 2;
        var big = ident[5] == 2;
        var r = new Reader(big);
        var phoff = is64 ? (long)r.U64(ident, 0x20) : r.U32(ident, 0x1C);
        var shoff = is64 ? (long)r.U64(ident, 0x28) : r.U32(ident, 0x20);
        int phentsize = r.U16(ident, is64 ? 0x36 : 0x2A), phnum = r.U16(ident, is64 ? 0x38 : 0x2C);
        int shentsize = r.U16(ident, is64 ? 0x3A : 0x2E), shnum = r.U16(ident, is64 ? 0x3C : 0x30);
        int shstrndx = r.U16(ident, is64 ? 0x3E : 0x32);

        var segments = new List<ElfRegion>();
        if (phoff > 0 && phnum is > 0 and <= MaxSections && phentsize >= (is64 ? 56 : 32) && phoff + ((long)phnum * phentsize) <= stream.Length)
        {
            var table = ReadAt(stream, phoff, phnum * phentsize);
            for (var i = 0; i < phnum; i++)
            {
                var o = i * phentsize;
                if (r.U32(table, o) != 1)
                {
                    continue; // PT_LOAD only
                }

                segments.Add(is64
                    ? new ElfRegion("LOAD", (long)r.U64(table, o + 8), (long)r.U64(table, o + 32), r.U64(table, o + 16))
                    : new ElfRegion("LOAD", r.U32(table, o + 4), r.U32(table, o + 16), r.U32(table, o + 8)));
            }
        }

        var sections = new List<ElfRegion>();
        if (shoff > 0 && shnum is > 0 and <= MaxSections && shentsize >= (is64 ? 64 : 40) && shoff + ((long)shnum * shentsize) <= stream.Length
            && shstrndx < shnum)
        {
            var table = ReadAt(stream, shoff, shnum * shentsize);
            (long Off, long Size, ulong Addr, uint Name) Header(int i)
            {
                var o = i * shentsize;
                return is64
                    ? ((long)r.U64(table, o + 24), (long)r.U64(table, o + 32), r.U64(table, o + 16), r.U32(table, o))
                    : (r.U32(table, o + 16), r.U32(table, o + 20), r.U32(table, o + 12), r.U32(table, o));
            }

            var strtab = Header(shstrndx);
            var names = strtab.Off >= 0 && strtab.Size is > 0 and < (1 << 20) && strtab.Off + strtab.Size <= stream.Length
                ? ReadAt(stream, strtab.Off, (int)strtab.Size)
                : [];
            for (var i = 0; i < shnum; i++)
            {
                var h = Header(i);
                sections.Add(new ElfRegion(NameAt(names, h.Name), h.Off, h.Size, h.Addr));
            }
        }

        return new Elf(stream, is64, big, sections, segments);
    }

    public ElfRegion? Section(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>Up to <paramref name="max"/> bytes of a region, clipped to the file.</summary>
    public byte[] Read(ElfRegion region, int max) =>
        region.Offset < 0 || region.Offset >= Stream.Length ? [] : ReadAt(Stream, region.Offset, (int)Math.Min(Math.Min(region.Size, max), Stream.Length - region.Offset));

    /// <summary>Bytes at a virtual address, through the PT_LOAD segment that maps it; empty when unmapped.</summary>
    public byte[] ReadAddress(ulong address, int count)
    {
        foreach (var seg in Segments)
        {
            if (address >= seg.Address && address < seg.Address + (ulong)seg.Size)
            {
                var offset = seg.Offset + (long)(address - seg.Address);
                var available = seg.Offset + seg.Size - offset;
                return offset < Stream.Length ? ReadAt(Stream, offset, (int)Math.Min(Math.Min(count, available), Stream.Length - offset)) : [];
            }
        }

        return [];
    }

    public static byte[] ReadAt(Stream stream, long offset, int count)
    {
        if (offset < 0 || offset >= stream.Length || count <= 0)
        {
            return [];
        }

        var buffer = new byte[(int)Math.Min(count, stream.Length - offset)];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static string NameAt(byte[] names, uint offset)
    {
        if (offset >= names.Length)
        {
            return "";
        }

        var end = Array.IndexOf(names, (byte)0, (int)offset);
        return Encoding.ASCII.GetString(names, (int)offset, (end < 0 ? names.Length : end) - (int)offset);
    }

    /// <summary>Endian-aware integer reads that return 0 past the end instead of throwing.</summary>
    public readonly struct Reader(bool bigEndian)
    {
        public ushort U16(ReadOnlySpan<byte> b, int o) => o + 2 > b.Length ? (ushort)0 : bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b[o..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[o..]);

        public uint U32(ReadOnlySpan<byte> b, int o) => o + 4 > b.Length ? 0 : bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b[o..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[o..]);

        public ulong U64(ReadOnlySpan<byte> b, int o) => o + 8 > b.Length ? 0 : bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b[o..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[o..]);
    }
}
