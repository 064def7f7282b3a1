using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Service.Store;

/// <summary>
/// The zero-set-up store: one SQLite file, created on start. SQLite has one writer at a time, so every write runs in
/// BEGIN IMMEDIATE (takes the write lock up front) — claim-then-update can then never race between processes.
/// </summary>
public sealed class SqliteStore : ITollgateStore
{
    /// <summary>Bumped with every schema change; migrations run from the file's PRAGMA user_version up.</summary>
    public const int SchemaVersion = 1;

    private readonly string _connectionString;

    public SqliteStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            // WAL lets readers proceed while one process writes.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        Migrate(connection);
    }

    public static int ReadSchemaVersion(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return UserVersion(connection);
    }

    public ImageRecord AddImage(string source, string? tag)
    {
        var record = new ImageRecord(Guid.NewGuid().ToString("n"), source, null, tag, ImageStatus.NotAnalyzed, null, DateTimeOffset.UtcNow);
        Write(tx =>
        {
            Execute(tx, "INSERT INTO images(id, source, tag, status, created_at) VALUES ($id, $source, $tag, $status, $at)",
                ("$id", record.Id), ("$source", source), ("$tag", tag), ("$status", record.Status), ("$at", Stamp(record.CreatedAt)));
            Execute(tx, "INSERT INTO jobs(image_id, created_at) VALUES ($id, $at)", ("$id", record.Id), ("$at", Stamp(record.CreatedAt)));
            return 0;
        });
        return record;
    }

    public ImageRecord? GetImage(string id) => QueryImages("WHERE id = $id OR digest = $id", ("$id", id)).FirstOrDefault();

    public IReadOnlyList<ImageRecord> ListImages() => QueryImages(string.Empty);

    public bool DeleteImage(string id) => Write(tx =>
    {
        Execute(tx, "DELETE FROM jobs WHERE image_id IN (SELECT id FROM images WHERE id = $id OR digest = $id)", ("$id", id));
        return Execute(tx, "DELETE FROM images WHERE id = $id OR digest = $id", ("$id", id)) > 0;
    });

    public string? GetAnalysisJson(string id)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT analysis FROM images WHERE id = $id OR digest = $id", ("$id", id));
        return command.ExecuteScalar() as string;
    }

    public JobLease? ClaimJob(string workerId, TimeSpan lease) => Write(tx =>
    {
        var now = DateTimeOffset.UtcNow;
        using var pick = Command(tx.Connection!, tx, """
            SELECT j.id, j.image_id, i.source, j.attempts FROM jobs j JOIN images i ON i.id = j.image_id
            WHERE j.done = 0 AND (j.claimed_by IS NULL OR j.lease_until < $now)
            ORDER BY j.id LIMIT 1
            """, ("$now", Stamp(now)));
        using var reader = pick.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var job = new JobLease(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), workerId, now + lease, reader.GetInt32(3) + 1);
        reader.Close();
        Execute(tx, "UPDATE jobs SET claimed_by = $w, lease_until = $until, attempts = $n WHERE id = $id",
            ("$w", workerId), ("$until", Stamp(job.LeaseUntil)), ("$n", job.Attempts), ("$id", job.JobId));
        Execute(tx, "UPDATE images SET status = $s WHERE id = $id", ("$s", ImageStatus.Analyzing), ("$id", job.ImageId));
        return job;
    });

    public bool CompleteJob(JobLease job, string digest, string analysisJson) => Finish(job, tx =>
        Execute(tx, "UPDATE images SET status = $s, digest = $d, analysis = $a, failure_reason = NULL WHERE id = $id",
            ("$s", ImageStatus.Analyzed), ("$d", digest), ("$a", analysisJson), ("$id", job.ImageId)));

    public bool FailJob(JobLease job, string reason) => Finish(job, tx =>
        Execute(tx, "UPDATE images SET status = $s, failure_reason = $r WHERE id = $id",
            ("$s", ImageStatus.Failed), ("$r", reason), ("$id", job.ImageId)));

    public int QueueDepth()
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT COUNT(*) FROM jobs WHERE done = 0");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void AddEvent(string type, string level, string message) => Write(tx =>
        Execute(tx, "INSERT INTO events(type, level, message, at) VALUES ($t, $l, $m, $at)",
            ("$t", type), ("$l", level), ("$m", message), ("$at", Stamp(DateTimeOffset.UtcNow))));

    public IReadOnlyList<EventRecord> ListEvents(string? type = null)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT id, type, level, message, at FROM events WHERE $t IS NULL OR type = $t ORDER BY id", ("$t", type));
        using var reader = command.ExecuteReader();
        var events = new List<EventRecord>();
        while (reader.Read())
        {
            events.Add(new EventRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Parse(reader.GetString(4))));
        }

        return events;
    }

    public void Dispose() => SqliteConnection.ClearAllPools();

    /// <summary>Finishes a job only while this worker still holds the lease: a reclaimed job is the new holder's.</summary>
    private bool Finish(JobLease job, Func<SqliteTransaction, int> update) => Write(tx =>
    {
        var done = Execute(tx, "UPDATE jobs SET done = 1 WHERE id = $id AND claimed_by = $w AND done = 0",
            ("$id", job.JobId), ("$w", job.ClaimedBy));
        if (done == 0)
        {
            return false;
        }

        update(tx);
        return true;
    });

    private IReadOnlyList<ImageRecord> QueryImages(string where, params (string, object?)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, null, $"SELECT id, source, digest, tag, status, failure_reason, created_at FROM images {where} ORDER BY created_at", parameters);
        using var reader = command.ExecuteReader();
        var images = new List<ImageRecord>();
        while (reader.Read())
        {
            images.Add(new ImageRecord(reader.GetString(0), reader.GetString(1), Nullable(reader, 2), Nullable(reader, 3),
                reader.GetString(4), Nullable(reader, 5), Parse(reader.GetString(6))));
        }

        return images;
    }

    private T Write<T>(Func<SqliteTransaction, T> work)
    {
        using var connection = Open();
        // Deferred=false is BEGIN IMMEDIATE: the write lock is taken before the first read of the transaction.
        using var tx = connection.BeginTransaction(deferred: false);
        var result = work(tx);
        tx.Commit();
        return result;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Migrate(SqliteConnection connection)
    {
        var version = UserVersion(connection);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"store {connection.DataSource}: schema version {version} is newer than this tollgate ({SchemaVersion})");
        }

        if (version < 1)
        {
            using var tx = connection.BeginTransaction(deferred: false);
            Execute(tx, """
                CREATE TABLE images(id TEXT PRIMARY KEY, source TEXT NOT NULL, digest TEXT, tag TEXT, status TEXT NOT NULL,
                    failure_reason TEXT, analysis TEXT, created_at TEXT NOT NULL);
                CREATE INDEX images_digest ON images(digest);
                CREATE TABLE jobs(id INTEGER PRIMARY KEY AUTOINCREMENT, image_id TEXT NOT NULL, claimed_by TEXT, lease_until TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
                CREATE TABLE policies(id TEXT PRIMARY KEY, name TEXT NOT NULL, bundle TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL);
                CREATE UNIQUE INDEX policies_one_active ON policies(active) WHERE active = 1;
                CREATE TABLE api_keys(name TEXT PRIMARY KEY, role TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE events(id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL,
                    at TEXT NOT NULL);
                PRAGMA user_version = 1;
                """);
            tx.Commit();
        }
    }

    private static int UserVersion(SqliteConnection connection)
    {
        using var command = Command(connection, null, "PRAGMA user_version;");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static int Execute(SqliteTransaction tx, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(tx.Connection!, tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    // Round-trip ISO-8601 in UTC sorts as text, so lease comparisons work in SQL.
    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? Nullable(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
