using Microsoft.Data.Sqlite;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>rpm's database formats, told apart by their first bytes (not by file name).</summary>
internal enum RpmDbBackend
{
    Unknown,
    BerkeleyDb,
    Sqlite,
    Ndb,
}

/// <summary>Reads every installed-package header of an rpm database, whichever backend wrote it.</summary>
public static class RpmDatabase
{
    internal static RpmDbBackend Detect(ReadOnlySpan<byte> head) =>
        SqliteRpmDbReader.IsSqlite(head) ? RpmDbBackend.Sqlite
        : NdbReader.IsNdb(head) ? RpmDbBackend.Ndb
        : BerkeleyDbHashReader.IsHashDatabase(head) ? RpmDbBackend.BerkeleyDb
        : RpmDbBackend.Unknown;

    /// <summary>
    /// The packages of the database in <paramref name="db"/> (seekable). Problems are reported through
    /// <paramref name="warn"/> naming <paramref name="path"/>: a damaged header is skipped, a damaged file structure
    /// stops the read, and what was read before stays.
    /// </summary>
    public static List<RpmPackageRecord> ReadPackages(Stream db, string path, Action<string> warn, Func<Stream?>? openWal = null)
    {
        var packages = new List<RpmPackageRecord>();
        var head = new byte[16];
        var backend = Detect(head.AsSpan(0, db.ReadAt(0, head)));
        if (backend == RpmDbBackend.Unknown)
        {
            warn($"{path}: not an rpm database (no Berkeley DB hash, SQLite or NDB magic)");
            return packages;
        }

        using var wal = backend == RpmDbBackend.Sqlite ? openWal?.Invoke() : null;
        IEnumerator<RpmHeaderBlob>? blobs = null;
        try
        {
            while (true)
            {
                RpmHeaderBlob blob;
                try
                {
                    // Opening checks the file's own structure, so it sits inside the same catch as reading.
                    blobs ??= Open(backend, db, wal, path, warn).GetEnumerator();
                    if (!blobs.MoveNext())
                    {
                        break;
                    }

                    blob = blobs.Current;
                }
                catch (Exception e) when (e is RpmFormatException or SqliteException or IOException)
                {
                    warn($"{path}: {backend} database unreadable: {e.Message}; kept the {packages.Count} packages read before");
                    break;
                }

                try
                {
                    packages.Add(RpmPackageRecord.From(RpmHeader.Parse(blob.Data)));
                }
                catch (RpmFormatException e)
                {
                    warn($"{path}: header {blob.Key} skipped: {e.Message}");
                }
            }
        }
        finally
        {
            blobs?.Dispose();
        }

        return packages;
    }

    private static IEnumerable<RpmHeaderBlob> Open(RpmDbBackend backend, Stream db, Stream? wal, string path, Action<string> warn) =>
        backend switch
        {
            RpmDbBackend.Sqlite => SqliteRpmDbReader.Read(db, wal),
            RpmDbBackend.Ndb => NdbReader.Read(db, path, warn),
            _ => BerkeleyDbHashReader.Read(db, path, warn),
        };
}
