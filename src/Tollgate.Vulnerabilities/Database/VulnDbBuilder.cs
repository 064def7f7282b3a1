using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>
/// Changes the DB only by building a new file next to it and renaming it into place: a crash or kill at any
/// point leaves the previous DB as it was (the rename is atomic on one file system), plus at most a stray
/// temp file that the next build removes.
/// </summary>
public static class VulnDbBuilder
{
    public static async Task<T> UpdateAsync<T>(string dbPath, Func<VulnDbWriter, Task<T>> write, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(dbPath);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveStaleTemps(full);
        var temp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            if (File.Exists(full) && !VulnDb.IsOlderSchema(full))
            {
                VulnDb.CheckSchema(full);
                File.Copy(full, temp);
            }

            T result;
            using (var db = Open(temp))
            {
                EnsureSchema(db);
                using var writer = new VulnDbWriter(db);
                result = await write(writer);
                cancellationToken.ThrowIfCancellationRequested();
                writer.Commit(DateTimeOffset.UtcNow);
            }

            SqliteConnection.ClearAllPools();
            File.Move(temp, full, overwrite: true);
            return result;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var leftover in new[] { temp, temp + "-journal", temp + "-wal", temp + "-shm" })
            {
                if (File.Exists(leftover))
                {
                    File.Delete(leftover);
                }
            }
        }
    }

    internal static SqliteConnection Open(string path, bool readOnly = false)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var db = new SqliteConnection(cs.ToString());
        db.Open();
        using var pragma = db.CreateCommand();

        // Readers map the file: pages come straight from the OS page cache instead of a read() and a copy into
        // SQLite's small per-connection cache each time (a scan touches thousands of scattered pages).
        pragma.CommandText = readOnly ? "PRAGMA mmap_size=1073741824;" : "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;";
        pragma.ExecuteNonQuery();

        return db;
    }

    private static void EnsureSchema(SqliteConnection db)
    {
        using var check = db.CreateCommand();
        check.CommandText = "SELECT count(*) FROM sqlite_master WHERE name='meta'";
        if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        using var create = db.CreateCommand();
        create.CommandText = VulnDbSchema.Create + $"INSERT INTO meta VALUES('schema_version','{VulnDbSchema.Version}');";
        create.ExecuteNonQuery();
    }

    /// <summary>Temp files of builds whose process is gone (killed mid-import).</summary>
    private static void RemoveStaleTemps(string full)
    {
        var dir = Path.GetDirectoryName(full)!;
        foreach (var f in Directory.EnumerateFiles(dir, Path.GetFileName(full) + ".tmp-*"))
        {
            var pidText = Path.GetFileName(f)[(Path.GetFileName(full).Length + 5)..].Split('-')[0];
            if (int.TryParse(pidText, out var pid) && !ProcessAlive(pid))
            {
                File.Delete(f);
            }
        }
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
