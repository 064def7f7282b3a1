using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tollgate.Service.Store;

/// <summary>
/// The one connection point of the store: SQLite (one file, zero set-up, the default) or PostgreSQL (teams, several
/// `tollgate serve` processes). Areas write their SQL once against <see cref="StoreTransaction"/>; this class opens
/// connections, runs transactions with the right locking for the engine, and migrates every area's schema.
/// </summary>
public sealed class StoreDatabase : IDisposable
{
    private readonly Func<DbConnection> _connect;
    private readonly NpgsqlDataSource? _postgres;

    private StoreDatabase(SqlDialect dialect, string description, Func<DbConnection> connect, NpgsqlDataSource? postgres)
    {
        Dialect = dialect;
        Description = description;
        _connect = connect;
        _postgres = postgres;
    }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// Bumped after every committed write of this process: in-memory caches over the store (the admission webhook's
    /// versions and image lookups) compare it to drop what a write may have changed, instead of querying per request.
    /// Writes by other processes are not counted; such caches also re-read on a timer.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    private long _generation;

    /// <summary>Where the store is, for messages: never contains a password.</summary>
    public string Description { get; }

    /// <summary>
    /// Opens <paramref name="spec"/> — <c>sqlite:PATH</c>, <c>postgres://user:password@host:port/db?sslmode=…</c>
    /// (or <c>postgresql://</c>) — and migrates <paramref name="schemas"/> (default: every area).
    /// </summary>
    public static StoreDatabase Open(string spec, IReadOnlyList<StoreSchema>? schemas = null)
    {
        var database = Connect(spec);
        try
        {
            database.Migrate(schemas ?? StoreSchemas.All);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; any exception rolls it back.</summary>
    public T Write<T>(Func<StoreTransaction, T> work)
    {
        using var connection = _connect();
        connection.Open();
        // SQLite: BEGIN IMMEDIATE takes the single write lock before the first read, so read-then-update can never
        // race between processes. PostgreSQL: READ COMMITTED plus row locks (FOR UPDATE SKIP LOCKED) where it matters.
        using var tx = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : connection.BeginTransaction(IsolationLevel.ReadCommitted);
        var result = work(new StoreTransaction(tx, Dialect));
        tx.Commit();
        Interlocked.Increment(ref _generation);
        return result;
    }

    public void Write(Action<StoreTransaction> work) => Write(tx =>
    {
        work(tx);
        return 0;
    });

    /// <summary>Runs read-only <paramref name="work"/> on one connection (a consistent snapshot on both engines).</summary>
    public T Read<T>(Func<StoreTransaction, T> work)
    {
        using var connection = _connect();
        connection.Open();
        using var tx = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var result = work(new StoreTransaction(tx, Dialect));
        tx.Commit();
        return result;
    }

    /// <summary>
    /// Rewrites <paramref name="table"/> so values replaced in it (plain-text secrets just sealed) do not linger in freed
    /// space: VACUUM and a truncating WAL checkpoint on SQLite (the whole file), VACUUM FULL of the table on PostgreSQL.
    /// </summary>
    public void Rewrite(string table)
    {
        using var connection = _connect();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Dialect == SqlDialect.Sqlite ? "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);" : $"VACUUM FULL {table}";
        command.ExecuteNonQuery();
    }

    /// <summary>The applied migration count per area (area → version).</summary>
    public IReadOnlyDictionary<string, int> SchemaVersions() => Read(tx =>
        tx.Query("SELECT area, MAX(version) FROM schema_migrations GROUP BY area", r => (Area: r.GetString(0), Version: r.GetInt32(1)))
          .ToDictionary(v => v.Area, v => v.Version, StringComparer.Ordinal));

    public void Dispose()
    {
        if (_postgres is not null)
        {
            _postgres.Dispose();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static StoreDatabase Connect(string spec)
    {
        if (spec.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = spec["sqlite:".Length..];
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString();
            var database = new StoreDatabase(SqlDialect.Sqlite, $"sqlite:{path}", () => new SqliteConnection(connectionString), null);
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;"; // readers proceed while one process writes; not allowed inside a transaction
            wal.ExecuteNonQuery();
            return database;
        }

        if (spec.StartsWith("postgres://", StringComparison.Ordinal) || spec.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            var builder = PostgresUrl.ToConnectionString(spec);
            var source = NpgsqlDataSource.Create(builder);
            return new StoreDatabase(SqlDialect.Postgres, $"postgres://{builder.Host}:{builder.Port}/{builder.Database}", source.CreateConnection, source);
        }

        throw new ArgumentException($"--store {spec}: expected sqlite:PATH or postgres://user:password@host:port/database");
    }

    private void Migrate(IReadOnlyList<StoreSchema> schemas) => Write(tx =>
    {
        if (Dialect == SqlDialect.Postgres)
        {
            // Serialises concurrent starts of several processes on one database (released at commit).
            tx.Execute("SELECT pg_advisory_xact_lock(7411017)");
        }

        tx.Execute("CREATE TABLE IF NOT EXISTS schema_migrations(area TEXT NOT NULL, version INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY(area, version))");
        foreach (var schema in schemas)
        {
            var applied = Convert.ToInt32(tx.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE area = @area", ("area", schema.Area)), System.Globalization.CultureInfo.InvariantCulture);
            if (applied > schema.Migrations.Count)
            {
                throw new InvalidOperationException($"store {Description}: area {schema.Area} is at schema version {applied}, newer than this tollgate ({schema.Migrations.Count})");
            }

            for (var version = applied + 1; version <= schema.Migrations.Count; version++)
            {
                tx.Execute(schema.Migrations[version - 1]);
                tx.Execute("INSERT INTO schema_migrations(area, version, applied_at) VALUES (@area, @version, @at)",
                    ("area", schema.Area), ("version", version), ("at", DateTimeOffset.UtcNow));
            }
        }
    });
}
