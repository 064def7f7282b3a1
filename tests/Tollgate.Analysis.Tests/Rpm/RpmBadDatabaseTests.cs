using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>Damaged SQLite and NDB databases (copies of the corpus ones) and seeded random damage to every backend.</summary>
public sealed class RpmBadDatabaseTests : IDisposable
{
    private const int Timeout = 120_000;
    private readonly string _temp = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>Three rows of Mariner's rpmdb.sqlite get a bad offset, a bad count and a cut-short blob.</summary>
    [Fact(Timeout = Timeout)]
    public async Task Sqlite_rows_with_damaged_headers_are_skipped_and_named()
    {
        var path = Path.Combine(_temp, "rpmdb.sqlite");
        File.Copy(TestPaths.Corpus("rpmdb", "cbl-mariner-2.0", "rpmdb.sqlite"), path);
        var damaged = new Dictionary<long, Func<byte[], byte[]>>
        {
            [3] = b => SetIndexField(b, entry: 2, field: 8, value: 1 << 30), // offset
            [4] = b => SetIndexField(b, entry: 3, field: 12, value: -7), // count
            [5] = b => b[..(b.Length / 2)], // data beyond the blob
        };
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            foreach (var (hnum, damage) in damaged)
            {
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT blob FROM Packages WHERE hnum = $h";
                read.Parameters.AddWithValue("$h", hnum);
                var blob = damage((byte[])read.ExecuteScalar()!);
                using var write = connection.CreateCommand();
                write.CommandText = "UPDATE Packages SET blob = $b WHERE hnum = $h";
                write.Parameters.AddWithValue("$b", blob);
                write.Parameters.AddWithValue("$h", hnum);
                Assert.Equal(1, write.ExecuteNonQuery());
            }

            using var journal = connection.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE";
            journal.ExecuteNonQuery();
        }

        var (packages, warnings) = await Task.Run(() => RpmRows.Read(path));

        Assert.Equal(129 - 3, packages.Count);
        Assert.Equal(3, warnings.Count);
        Assert.StartsWith($"{path}: header 3 skipped: entry 2 (tag ", warnings[0]);
        Assert.Contains("offset 1073741824 is outside the", warnings[0]);
        Assert.StartsWith($"{path}: header 4 skipped: entry 3 (tag ", warnings[1]);
        Assert.EndsWith("has bad count -7", warnings[1]);
        Assert.StartsWith($"{path}: header 5 skipped: index (", warnings[2]);
    }

    [Fact(Timeout = Timeout)]
    public async Task Ndb_blob_with_a_flipped_byte_fails_its_checksum_and_only_it_is_lost()
    {
        var bytes = SleNdb();
        var (slot, blobOffset, _) = Slot(bytes, 0);
        bytes[blobOffset + 100] ^= 0x20;

        var (packages, warnings) = await ReadNdb(bytes);

        Assert.Equal(34, packages.Count);
        Assert.Equal($"{_temp}/Packages.db: package {slot}: blob checksum does not match; package skipped", Assert.Single(warnings));
    }

    [Fact(Timeout = Timeout)]
    public async Task Ndb_slots_pointing_outside_the_file_or_without_magic_are_skipped()
    {
        var bytes = SleNdb();
        var (first, _, _) = Slot(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32 + 8), 0x0fff_ffff); // block offset
        bytes[32 + 16] = (byte)'X'; // second slot's magic

        var (packages, warnings) = await ReadNdb(bytes);

        Assert.Equal(33, packages.Count);
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith($"{_temp}/Packages.db: package {first}: blob of ", warnings[0]);
        Assert.EndsWith("lies outside the file (1374144 bytes); package skipped", warnings[0]);
        Assert.Equal($"{_temp}/Packages.db: slot at offset 48 has no \"Slot\" magic; slot skipped", warnings[1]);
    }

    [Fact(Timeout = Timeout)]
    public async Task Truncated_ndb_keeps_the_blobs_still_there()
    {
        var bytes = SleNdb();

        var (packages, warnings) = await ReadNdb(bytes[..(bytes.Length / 2)]);

        Assert.InRange(packages.Count, 1, 34);
        Assert.Equal(35 - packages.Count, warnings.Count);
        Assert.All(warnings, w => Assert.Matches(@"^.*/Packages\.db: package \d+: blob of \d+ bytes at offset \d+ lies outside the file", w));
    }

    /// <summary>Seeded random byte damage and truncation of each backend: reading always ends, with warnings, never throws.</summary>
    [Theory(Timeout = Timeout)]
    [InlineData("libuuid/Packages", 300)]
    [InlineData("sle15-bci/Packages.db", 100)]
    [InlineData("cbl-mariner-2.0/rpmdb.sqlite", 15)]
    public async Task Random_damage_to_a_database_never_throws(string db, int rounds)
    {
        var original = File.ReadAllBytes(TestPaths.Corpus("rpmdb", db));
        var path = Path.Combine(_temp, Path.GetFileName(db));
        var random = new Random(db.Length);
        var warned = 0;
        await Task.Run(() =>
        {
            for (var round = 0; round < rounds; round++)
            {
                var bytes = (byte[])original.Clone();
                for (var n = random.Next(1, 40); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                File.WriteAllBytes(path, round % 5 == 4 ? bytes[..random.Next(bytes.Length)] : bytes);
                var (_, warnings) = RpmRows.Read(path);
                Assert.All(warnings, w => Assert.StartsWith(path + ": ", w));
                warned += warnings.Count > 0 ? 1 : 0;
            }
        });

        Assert.True(warned > 0, "no round produced a warning: the damage did not reach the data");
    }

    private static byte[] SleNdb() => File.ReadAllBytes(TestPaths.Corpus("rpmdb", "sle15-bci", "Packages.db"));

    private async Task<(List<Catalogers.Os.Rpm.RpmPackageRecord> Packages, List<string> Warnings)> ReadNdb(byte[] bytes)
    {
        var path = Path.Combine(_temp, "Packages.db");
        await File.WriteAllBytesAsync(path, bytes);
        return await Task.Run(() => RpmRows.Read(path));
    }

    /// <summary>Slot number <paramref name="index"/> (slots start at byte 32, 16 bytes each): package index, blob offset, blob length.</summary>
    private static (uint Package, int BlobOffset, int BlobLength) Slot(byte[] ndb, int index)
    {
        var slot = ndb.AsSpan(32 + (index * 16), 16);
        return (BinaryPrimitives.ReadUInt32LittleEndian(slot[4..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(slot[8..]) * 16,
            (int)BinaryPrimitives.ReadUInt32LittleEndian(slot[12..]) * 16);
    }

    private static byte[] SetIndexField(byte[] blob, int entry, int field, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8 + (entry * 16) + field), value);
        return blob;
    }
}
