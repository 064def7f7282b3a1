using System.Buffers.Binary;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>
/// Reads the values of a Berkeley DB hash database (rpm's legacy <c>/var/lib/rpm/Packages</c>) without libdb:
/// page 0 is the hash metadata (byte order, page size, buckets, spares); each bucket is a chain of hash pages whose
/// items come in key/data pairs; a header larger than a page lives in a chain of overflow pages. Every page number
/// is checked against the file and every chain against loops, so a damaged file ends a chain with a warning instead
/// of a hang.
/// </summary>
internal sealed class BerkeleyDbHashReader
{
    private const uint HashMagic = 0x061561;
    private const byte PageTypeHashUnsorted = 2;
    private const byte PageTypeOverflow = 7;
    private const byte PageTypeHashMeta = 8;
    private const byte PageTypeHash = 13;
    private const byte ItemKeyData = 1;
    private const byte ItemOffPage = 3;
    private const int PageHeaderSize = 26;
    private const int ChecksumSize = 20;
    private const int MaxHeaderBytes = 0x0fffffff;

    private readonly Stream _db;
    private readonly string _path;
    private readonly Action<string> _warn;
    private readonly bool _bigEndian;
    private readonly int _pageSize;
    private readonly int _pageOverhead;
    private readonly long _pageCount;
    private readonly byte[] _overflowPage;

    private BerkeleyDbHashReader(Stream db, string path, Action<string> warn, bool bigEndian, int pageSize, int pageOverhead)
    {
        _db = db;
        _path = path;
        _warn = warn;
        _bigEndian = bigEndian;
        _pageSize = pageSize;
        _pageOverhead = pageOverhead;
        _pageCount = db.Length / pageSize;
        _overflowPage = new byte[pageSize];
    }

    /// <summary>True when the first 16 bytes carry the hash magic in either byte order.</summary>
    public static bool IsHashDatabase(ReadOnlySpan<byte> head) =>
        head.Length >= 16
        && (BinaryPrimitives.ReadUInt32LittleEndian(head[12..]) == HashMagic
            || BinaryPrimitives.ReadUInt32BigEndian(head[12..]) == HashMagic);

    /// <summary>Every (key, value) pair of the database except rpm's record 0 (its instance counter).</summary>
    public static IEnumerable<RpmHeaderBlob> Read(Stream db, string path, Action<string> warn)
    {
        var meta = new byte[512];
        if (db.ReadAt(0, meta) < meta.Length)
        {
            throw new RpmFormatException("Berkeley DB metadata page is truncated");
        }

        var bigEndian = BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(12)) != HashMagic;
        uint U32(int offset) => bigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(meta.AsSpan(offset))
            : BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(offset));

        var pageSize = U32(20);
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new RpmFormatException($"Berkeley DB page size {pageSize} is not a power of two between 512 and 65536");
        }

        if (meta[25] != PageTypeHashMeta)
        {
            throw new RpmFormatException($"Berkeley DB page 0 has type {meta[25]}, not hash metadata");
        }

        if (meta[24] != 0)
        {
            throw new RpmFormatException("Berkeley DB database is encrypted");
        }

        // A checksummed database keeps a 20-byte checksum after each page header.
        var overhead = (meta[26] & 0x01) != 0 ? PageHeaderSize + ChecksumSize : PageHeaderSize;
        var spares = new uint[32];
        for (var i = 0; i < spares.Length; i++)
        {
            spares[i] = U32(96 + (i * 4));
        }

        var reader = new BerkeleyDbHashReader(db, path, warn, bigEndian, (int)pageSize, overhead);
        return reader.ReadBuckets(lastPage: U32(32), maxBucket: U32(72), spares);
    }

    private IEnumerable<RpmHeaderBlob> ReadBuckets(uint lastPage, uint maxBucket, uint[] spares)
    {
        if (lastPage >= _pageCount)
        {
            _warn($"{_path}: file holds {_pageCount} pages but its metadata names page {lastPage}: truncated, reading what is there");
        }

        if (maxBucket >= _pageCount)
        {
            _warn($"{_path}: {maxBucket + 1L} hash buckets cannot fit in {_pageCount} pages; reading the ones that can");
            maxBucket = (uint)Math.Max(0, _pageCount - 1);
        }

        var page = new byte[_pageSize];
        var seen = new HashSet<uint>();
        for (uint bucket = 0; bucket <= maxBucket; bucket++)
        {
            // Berkeley DB's BS_TO_PAGE: bucket + spares[ceil(log2(bucket + 1))].
            var pageNo = unchecked(bucket + spares[Math.Min(31, CeilLog2(bucket + 1))]);
            while (pageNo != 0)
            {
                if (!seen.Add(pageNo))
                {
                    _warn($"{_path}: hash bucket {bucket} reaches page {pageNo} a second time (loop); bucket chain stopped");
                    break;
                }

                if (!ReadPage(pageNo, page))
                {
                    _warn($"{_path}: hash bucket {bucket} names page {pageNo}, beyond the end of the file ({_pageCount} pages)");
                    break;
                }

                var type = page[25];
                if (type == 0)
                {
                    break; // never-written bucket page: an empty bucket
                }

                if (type is not (PageTypeHash or PageTypeHashUnsorted))
                {
                    _warn($"{_path}: hash bucket {bucket} page {pageNo} has page type {type}, not a hash page; bucket skipped");
                    break;
                }

                foreach (var blob in Items(pageNo, page))
                {
                    yield return blob;
                }

                pageNo = U32(page, 16);
            }
        }
    }

    private List<RpmHeaderBlob> Items(uint pageNo, byte[] page)
    {
        var blobs = new List<RpmHeaderBlob>();
        int count = U16(page, 20);
        var indexEnd = _pageOverhead + (count * 2);
        if (indexEnd > _pageSize)
        {
            _warn($"{_path}: hash page {pageNo} claims {count} items, more than a page holds; page skipped");
            return blobs;
        }

        for (var i = 0; i + 1 < count; i += 2)
        {
            var key = Item(page, i, indexEnd);
            var value = Item(page, i + 1, indexEnd);
            if (key is not { } k || value is not { } v || page[k.Start] != ItemKeyData)
            {
                _warn($"{_path}: hash page {pageNo} item {i} has a bad offset or type; item skipped");
                continue;
            }

            var keyBytes = page.AsSpan(k.Start + 1, k.Length - 1);
            var instance = keyBytes.Length == 4 ? U32(keyBytes, 0) : -1L;
            if (instance == 0)
            {
                continue; // rpm's record 0 holds the next instance number, not a header
            }

            var data = page[v.Start] switch
            {
                ItemKeyData => page.AsSpan(v.Start + 1, v.Length - 1).ToArray(),
                ItemOffPage when v.Length >= 12 => ReadOverflow(instance, U32(page, v.Start + 4), U32(page, v.Start + 8)),
                var t => Unsupported(instance, t),
            };
            if (data is not null)
            {
                blobs.Add(new RpmHeaderBlob(instance, data));
            }
        }

        return blobs;
    }

    /// <summary>Item bounds: items are packed from the end of the page down, so each ends where the previous one starts.</summary>
    private (int Start, int Length)? Item(byte[] page, int index, int indexEnd)
    {
        int start = U16(page, _pageOverhead + (index * 2));
        int end = index == 0 ? _pageSize : U16(page, _pageOverhead + ((index - 1) * 2));
        return start >= indexEnd && end <= _pageSize && end > start ? (start, end - start) : null;
    }

    private byte[]? ReadOverflow(long instance, uint firstPage, uint length)
    {
        if (length == 0 || length > MaxHeaderBytes || length > _db.Length)
        {
            _warn($"{_path}: record {instance} claims {length} bytes of overflow data; record skipped");
            return null;
        }

        var data = new byte[length];
        var page = _overflowPage;
        var seen = new HashSet<uint>();
        var filled = 0;
        var pageNo = firstPage;
        while (filled < data.Length)
        {
            var problem =
                pageNo == 0 ? $"overflow chain ends after {filled} of {length} bytes"
                : !seen.Add(pageNo) ? $"overflow chain loops back to page {pageNo}"
                : !ReadPage(pageNo, page) ? $"overflow page {pageNo} is beyond the end of the file ({_pageCount} pages)"
                : page[25] != PageTypeOverflow ? $"page {pageNo} in its overflow chain has page type {page[25]}"
                : null;
            int chunk = problem is null ? U16(page, 22) : 0;
            if (problem is null && (chunk == 0 || chunk > _pageSize - _pageOverhead || chunk > data.Length - filled))
            {
                problem = $"overflow page {pageNo} holds a bad length {chunk}";
            }

            if (problem is not null)
            {
                _warn($"{_path}: record {instance}: {problem}; record skipped");
                return null;
            }

            page.AsSpan(_pageOverhead, chunk).CopyTo(data.AsSpan(filled));
            filled += chunk;
            pageNo = U32(page, 16);
        }

        return data;
    }

    private byte[]? Unsupported(long instance, byte itemType)
    {
        _warn($"{_path}: record {instance} is stored as item type {itemType}, which rpm databases do not use; record skipped");
        return null;
    }

    private bool ReadPage(uint pageNo, byte[] page) =>
        pageNo < _pageCount && _db.ReadAt((long)pageNo * _pageSize, page) == page.Length;

    private uint U32(ReadOnlySpan<byte> span, int offset) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(span[offset..])
        : BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);

    private ushort U16(ReadOnlySpan<byte> span, int offset) => _bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(span[offset..])
        : BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);

    private static int CeilLog2(uint value)
    {
        var log = 0;
        for (ulong limit = 1; limit < value; limit <<= 1)
        {
            log++;
        }

        return log;
    }
}
