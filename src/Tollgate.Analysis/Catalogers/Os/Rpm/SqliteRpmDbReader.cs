using Microsoft.Data.Sqlite;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>
/// Reads rpm's SQLite backend (rpm ≥ 4.16: <c>rpmdb.sqlite</c>, table Packages(hnum, blob)). SQLite needs a file,
/// so the kept content is copied to a private temp folder, opened read-only and the folder deleted afterwards.
/// rpm runs the database in WAL mode: when the image ships a <c>-wal</c> file it is copied beside the copy so its
/// committed pages count; without one the copy is switched to rollback-journal mode, so SQLite never needs to
/// create <c>-wal</c>/<c>-shm</c> files for it.
/// </summary>
internal static class SqliteRpmDbReader
{
    public static bool IsSqlite(ReadOnlySpan<byte> head) => head.StartsWith("SQLite format 3\0"u8);

    /// <param name="tempRoot">Where the private copy goes; the system temp dir unless a test wants to watch it.</param>
    public static IEnumerable<RpmHeaderBlob> Read(Stream db, Stream? wal, string? tempRoot = null)
    {
        var folder = tempRoot is null
            ? Directory.CreateTempSubdirectory("tollgate-rpmdb-")
            : Directory.CreateDirectory(Path.Combine(tempRoot, "tollgate-rpmdb-" + Guid.NewGuid().ToString("N")));
        try
        {
            var file = Path.Combine(folder.FullName, "rpmdb.sqlite");
            Copy(db, file);
            if (wal is not null)
            {
                Copy(wal, file + "-wal");
            }
            else
            {
                UseRollbackJournal(file);
            }

            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = file,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hnum, blob FROM Packages";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!reader.IsDBNull(1))
                {
                    yield return new RpmHeaderBlob(reader.GetInt64(0), (byte[])reader.GetValue(1));
                }
            }
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Nothing to report to the user; the folder is under the temp dir and holds only our copy.
            }
        }
    }

    private static void Copy(Stream source, string file)
    {
        using var output = File.Create(file);
        if (source.CanSeek)
        {
            source.Position = 0;
        }

        source.CopyTo(output);
    }

    /// <summary>Bytes 18 and 19 of the SQLite header are the read/write format versions: 2 means WAL, 1 rollback journal.</summary>
    private static void UseRollbackJournal(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        var versions = new byte[2];
        if (stream.ReadAt(18, versions) == 2 && versions[0] == 2 && versions[1] == 2)
        {
            stream.Position = 18;
            stream.Write([1, 1]);
        }
    }
}
