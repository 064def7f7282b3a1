using System.Buffers.Binary;
using Tollgate.Analysis.Catalogers.Os.Rpm;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>Header blobs with bad offsets, counts and lengths, cut from a real database (RHEL 8 libuuid).</summary>
public class RpmHeaderTests
{
    private static readonly byte[] Libuuid = ReadLibuuidBlob();

    [Fact]
    public void Real_blob_parses()
    {
        var record = RpmPackageRecord.From(RpmHeader.Parse(Libuuid));
        Assert.Equal("libuuid\t\t2.32.1\t42.el8_8\tx86_64\tutil-linux-2.32.1-42.el8_8.src.rpm\tBSD", RpmRows.Row(record));
        Assert.Contains(record.Files, f => f.Path == "/usr/lib64/libuuid.so.1.3.0" && f.Digest?.Algorithm == "sha256");
    }

    [Theory]
    [InlineData("index count -1", "bad index entry count -1")]
    [InlineData("index count 65536", "bad index entry count 65536")]
    [InlineData("data length -5", "bad data length -5")]
    [InlineData("blob cut short", "run past the end of the")]
    [InlineData("NAME offset past data", "(tag 1000) offset")]
    [InlineData("NAME offset negative", "(tag 1000) offset -8 is outside")]
    [InlineData("BASENAMES count huge", "(tag 1117) has bad count 2147483647")]
    [InlineData("BASENAMES count zero", "(tag 1117) has bad count 0")]
    [InlineData("BASENAMES strings run out", "(tag 1117) string")]
    [InlineData("FILESIZES past data", "(tag 1028) holds")]
    [InlineData("FILESIZES misaligned", "(tag 1028) offset")]
    [InlineData("NAME unknown type", "(tag 1000) has unknown type 42")]
    [InlineData("NAME string count 2", "(tag 1000) is a STRING with count 2")]
    [InlineData("DIRINDEXES outside DIRNAMES", "has DIRINDEXES 9999 outside the")]
    public void Damaged_header_is_rejected_with_the_reason(string damage, string reason)
    {
        var blob = Damage(Libuuid, damage);
        var e = Assert.Throws<RpmFormatException>(() => RpmPackageRecord.From(RpmHeader.Parse(blob)));
        Assert.Contains(reason, e.Message);
    }

    /// <summary>Thousands of random index/data mutations: each either parses or is rejected, never another exception.</summary>
    [Fact(Timeout = 60_000)]
    public async Task Random_damage_never_escapes_as_another_exception()
    {
        await Task.Run(() =>
        {
            var random = new Random(20261128);
            var rejected = 0;
            for (var i = 0; i < 20_000; i++)
            {
                var blob = (byte[])Libuuid.Clone();
                var indexEnd = 8 + (BinaryPrimitives.ReadInt32BigEndian(blob) * 16);
                for (var n = random.Next(1, 5); n > 0; n--)
                {
                    // Mostly the preamble and index, where offsets and counts live; sometimes the data.
                    var at = random.Next(4) == 0 ? random.Next(blob.Length) : random.Next(indexEnd);
                    blob[at] = (byte)random.Next(256);
                }

                if (random.Next(10) == 0)
                {
                    blob = blob[..random.Next(blob.Length)];
                }

                try
                {
                    RpmPackageRecord.From(RpmHeader.Parse(blob));
                }
                catch (RpmFormatException)
                {
                    rejected++;
                }
            }

            Assert.InRange(rejected, 1000, 19_999);
        });
    }

    private static byte[] Damage(byte[] original, string damage)
    {
        var blob = (byte[])original.Clone();
        var span = blob.AsSpan();
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(span[4..]);
        Span<byte> Entry(int tag) => blob.AsSpan(EntryOffset(blob, tag), 16);
        void Set(Span<byte> field, int value) => BinaryPrimitives.WriteInt32BigEndian(field, value);
        int Get(Span<byte> field) => BinaryPrimitives.ReadInt32BigEndian(field);

        switch (damage)
        {
            case "index count -1": Set(span, -1); break;
            case "index count 65536": Set(span, 65536); break;
            case "data length -5": Set(span[4..], -5); break;
            case "blob cut short": return blob[..^10];
            case "NAME offset past data": Set(Entry(RpmTag.Name)[8..], dataLength + 100); break;
            case "NAME offset negative": Set(Entry(RpmTag.Name)[8..], -8); break;
            case "BASENAMES count huge": Set(Entry(RpmTag.BaseNames)[12..], int.MaxValue); break;
            case "BASENAMES count zero": Set(Entry(RpmTag.BaseNames)[12..], 0); break;
            case "BASENAMES strings run out": Set(Entry(RpmTag.BaseNames)[12..], dataLength - 1); break;
            case "FILESIZES past data": Set(Entry(RpmTag.FileSizes)[8..], dataLength - 4); Set(Entry(RpmTag.FileSizes)[12..], 2); break;
            case "FILESIZES misaligned": Set(Entry(RpmTag.FileSizes)[8..], Get(Entry(RpmTag.FileSizes)[8..]) + 1); break;
            case "NAME unknown type": Set(Entry(RpmTag.Name)[4..], 42); break;
            case "NAME string count 2": Set(Entry(RpmTag.Name)[12..], 2); break;
            case "DIRINDEXES outside DIRNAMES":
                var dirIndexes = Entry(RpmTag.DirIndexes);
                Set(span[(8 + (BinaryPrimitives.ReadInt32BigEndian(span) * 16) + Get(dirIndexes[8..]))..], 9999);
                break;
            default: throw new ArgumentException(damage);
        }

        return blob;
    }

    private static int EntryOffset(byte[] blob, int tag)
    {
        var count = BinaryPrimitives.ReadInt32BigEndian(blob);
        for (var i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(8 + (i * 16))) == tag)
            {
                return 8 + (i * 16);
            }
        }

        throw new ArgumentException($"tag {tag} not in the header");
    }

    private static byte[] ReadLibuuidBlob()
    {
        using var db = File.OpenRead(TestPaths.Corpus("rpmdb", "libuuid", "Packages"));
        return Assert.Single(BerkeleyDbHashReader.Read(db, "libuuid", _ => { })).Data;
    }
}
