using System.Buffers.Binary;
using System.Text;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>
/// One rpm header as the database stores it (no lead, no magic): a big-endian index count and data length,
/// the index entries (tag, type, offset, count; 16 bytes each), then the data store. Every entry is checked
/// against the data store when the header is parsed, so a header is either consistent or rejected whole — the
/// same rule rpm applies ("damaged header … skipping").
/// </summary>
internal sealed class RpmHeader
{
    private const int IndexEntrySize = 16;
    private const int MaxIndexEntries = 0xffff;
    private const int MaxDataLength = 0x0fffffff; // rpm's HEADER_DATA_MAX

    private readonly byte[] _blob;
    private readonly int _dataStart;
    private readonly Dictionary<int, Entry> _entries;

    private RpmHeader(byte[] blob, int dataStart, Dictionary<int, Entry> entries)
    {
        _blob = blob;
        _dataStart = dataStart;
        _entries = entries;
    }

    /// <summary>Parses and checks a header blob; throws <see cref="RpmFormatException"/> saying what is wrong.</summary>
    public static RpmHeader Parse(byte[] blob)
    {
        if (blob.Length < 8)
        {
            throw new RpmFormatException($"header blob of {blob.Length} bytes is shorter than its 8-byte preamble");
        }

        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(4));
        if (indexCount is <= 0 or > MaxIndexEntries)
        {
            throw new RpmFormatException($"bad index entry count {indexCount}");
        }

        if (dataLength is < 0 or > MaxDataLength)
        {
            throw new RpmFormatException($"bad data length {dataLength}");
        }

        var dataStart = 8 + (indexCount * IndexEntrySize);
        if ((long)dataStart + dataLength > blob.Length)
        {
            throw new RpmFormatException(
                $"index ({indexCount} entries) and data ({dataLength} bytes) run past the end of the {blob.Length}-byte blob");
        }

        var data = blob.AsSpan(dataStart, dataLength);
        var entries = new Dictionary<int, Entry>(indexCount);
        for (var i = 0; i < indexCount; i++)
        {
            var raw = blob.AsSpan(8 + (i * IndexEntrySize), IndexEntrySize);
            var entry = new Entry(
                BinaryPrimitives.ReadInt32BigEndian(raw),
                (RpmTagType)BinaryPrimitives.ReadUInt32BigEndian(raw[4..]),
                BinaryPrimitives.ReadInt32BigEndian(raw[8..]),
                BinaryPrimitives.ReadInt32BigEndian(raw[12..]));
            Check(entry, i, data);

            // Entries appended after the immutable region ("dribbles") replace region entries with the same tag, as in rpm.
            entries[entry.Tag] = entry;
        }

        return new RpmHeader(blob, dataStart, entries);
    }

    public bool Has(int tag) => _entries.ContainsKey(tag);

    /// <summary>The first string of a STRING, I18NSTRING or STRING_ARRAY entry.</summary>
    public string? String(int tag)
    {
        var all = Strings(tag, firstOnly: true);
        return all.Length > 0 ? all[0] : null;
    }

    public string[] StringArray(int tag) => Strings(tag, firstOnly: false);

    /// <summary>Integer entries (CHAR/INT8/INT16/INT32/INT64) widened to long; unsigned as rpm stores them.</summary>
    public long[] Integers(int tag)
    {
        if (!_entries.TryGetValue(tag, out var e))
        {
            return [];
        }

        var size = FixedSize(e.Type);
        if (size is null || e.Type == RpmTagType.Bin)
        {
            return [];
        }

        var data = _blob.AsSpan(_dataStart + e.Offset, e.Count * size.Value);
        var values = new long[e.Count];
        for (var i = 0; i < e.Count; i++)
        {
            var item = data.Slice(i * size.Value, size.Value);
            values[i] = e.Type switch
            {
                RpmTagType.Int16 => BinaryPrimitives.ReadUInt16BigEndian(item),
                RpmTagType.Int32 => BinaryPrimitives.ReadUInt32BigEndian(item),
                RpmTagType.Int64 => BinaryPrimitives.ReadInt64BigEndian(item),
                _ => item[0],
            };
        }

        return values;
    }

    public long? Integer(int tag)
    {
        var values = Integers(tag);
        return values.Length > 0 ? values[0] : null;
    }

    private string[] Strings(int tag, bool firstOnly)
    {
        if (!_entries.TryGetValue(tag, out var e) || !IsStringType(e.Type))
        {
            return [];
        }

        var count = firstOnly ? 1 : e.Count;
        var result = new string[count];
        var position = _dataStart + e.Offset;
        for (var i = 0; i < count; i++)
        {
            // Parse already proved each string ends inside the data store.
            var length = _blob.AsSpan(position).IndexOf((byte)0);
            result[i] = Encoding.UTF8.GetString(_blob, position, length);
            position += length + 1;
        }

        return result;
    }

    private static void Check(Entry e, int index, ReadOnlySpan<byte> data)
    {
        if (e.Type < RpmTagType.Null || e.Type > RpmTagType.I18NString)
        {
            throw new RpmFormatException($"entry {index} (tag {e.Tag}) has unknown type {(int)e.Type}");
        }

        if (e.Offset < 0 || e.Offset > data.Length)
        {
            throw new RpmFormatException($"entry {index} (tag {e.Tag}) offset {e.Offset} is outside the {data.Length}-byte data store");
        }

        if (e.Count <= 0 || e.Count > data.Length)
        {
            throw new RpmFormatException($"entry {index} (tag {e.Tag}) has bad count {e.Count}");
        }

        if (IsStringType(e.Type))
        {
            if (e.Type == RpmTagType.String && e.Count != 1)
            {
                throw new RpmFormatException($"entry {index} (tag {e.Tag}) is a STRING with count {e.Count}");
            }

            var rest = data[e.Offset..];
            for (var i = 0; i < e.Count; i++)
            {
                var end = rest.IndexOf((byte)0);
                if (end < 0)
                {
                    throw new RpmFormatException($"entry {index} (tag {e.Tag}) string {i} runs past the data store");
                }

                rest = rest[(end + 1)..];
            }

            return;
        }

        var size = FixedSize(e.Type)!.Value;
        if (size > 1 && e.Offset % size != 0)
        {
            throw new RpmFormatException($"entry {index} (tag {e.Tag}) offset {e.Offset} is not aligned to {size} bytes");
        }

        if (e.Offset + ((long)e.Count * size) > data.Length)
        {
            throw new RpmFormatException(
                $"entry {index} (tag {e.Tag}) holds {e.Count} x {size} bytes at offset {e.Offset}, past the {data.Length}-byte data store");
        }
    }

    private static bool IsStringType(RpmTagType type) =>
        type is RpmTagType.String or RpmTagType.StringArray or RpmTagType.I18NString;

    private static int? FixedSize(RpmTagType type) => type switch
    {
        RpmTagType.Null => 0,
        RpmTagType.Char or RpmTagType.Int8 or RpmTagType.Bin => 1,
        RpmTagType.Int16 => 2,
        RpmTagType.Int32 => 4,
        RpmTagType.Int64 => 8,
        _ => null,
    };

    private readonly record struct Entry(int Tag, RpmTagType Type, int Offset, int Count);
}
