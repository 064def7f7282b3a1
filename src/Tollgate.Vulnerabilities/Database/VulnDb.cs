using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>Read side of the vulnerability DB, used by the matcher and `db status|export`.</summary>
public sealed class VulnDb : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private VulnDb(string path, SqliteConnection db)
    {
        Path = path;
        _db = db;
    }

    public string Path { get; }

    public static VulnDb Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no vulnerability database (create one with `tollgate db import PATH` or `tollgate db update`)");
        }

        return new VulnDb(path, OpenChecked(path));
    }

    /// <summary>Refuses files that are not our DB, or of another schema version, naming the file.</summary>
    public static void CheckSchema(string path) => OpenChecked(path).Dispose();

    /// <summary>
    /// True for a tollgate DB of an older schema version: a build then starts from an empty DB, since the old rows
    /// cannot be carried over (sources not imported in that run are gone until they are imported again).
    /// </summary>
    public static bool IsOlderSchema(string path)
    {
        try
        {
            using var db = VulnDbBuilder.Open(path, readOnly: true);
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key='schema_version'";
            return int.TryParse(cmd.ExecuteScalar() as string, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version < VulnDbSchema.Version;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>A read-only connection to a DB of our schema version (one connection: opening is part of every CLI scan).</summary>
    private static SqliteConnection OpenChecked(string path)
    {
        SqliteConnection? db = null;
        try
        {
            db = VulnDbBuilder.Open(path, readOnly: true);
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key='schema_version'";
            var version = cmd.ExecuteScalar() as string;
            if (version != VulnDbSchema.Version.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"{path}: vulnerability DB schema {version ?? "unknown"}, this tollgate reads schema {VulnDbSchema.Version}; rebuild it with `tollgate db import|update`");
            }

            return db;
        }
        catch (SqliteException e)
        {
            db?.Dispose();
            throw new InvalidDataException($"{path}: not a tollgate vulnerability DB ({e.Message})");
        }
        catch
        {
            db?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Advisory entries for many package names of one namespace in one query (the matcher asks once per namespace,
    /// not once per package), keyed by package name.
    /// </summary>
    public IReadOnlyDictionary<string, List<AffectedRow>> Affected(string ns, IReadOnlyCollection<string> packages)
    {
        var rows = new Dictionary<string, List<AffectedRow>>(StringComparer.Ordinal);
        var parsed = new Dictionary<string, List<VersionInterval>>(StringComparer.Ordinal);
        using var reader = Query(
            "SELECT package,source,id,ranges,versions,fix_state,severity FROM affected WHERE namespace=$ns AND package IN (SELECT value FROM json_each($p))",
            ("$ns", ns), ("$p", IdList(packages)));
        while (reader.Read())
        {
            Add(rows, reader.GetString(0), new AffectedRow(reader.GetString(1), reader.GetString(2), Intervals(Text(reader, 3), parsed), Text(reader, 4), Text(reader, 5), Text(reader, 6)));
        }

        return rows;
    }

    /// <summary>CPE criteria stored for a product (NVD), with their intervals.</summary>
    public IEnumerable<(string Source, string Id, string Criteria, VersionInterval? Range)> Cpes(string vendor, string product)
    {
        using var reader = Query("SELECT source,id,criteria,ranges FROM cpes WHERE product=$p AND vendor=$v", ("$p", product), ("$v", vendor));
        var rows = new List<(string, string, string, VersionInterval?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), StoredJson.Intervals(Text(reader, 3)).FirstOrDefault()));
        }

        return rows;
    }

    /// <summary>
    /// For each given record id, every id that speaks of the same problem (itself included), in one query; ids
    /// that are no record's have no entry. Derived at build time (<see cref="ProblemTable"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Problems(IReadOnlyCollection<string> ids)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using var reader = Query("SELECT id, ids FROM problems WHERE id IN (SELECT value FROM json_each($ids))", ("$ids", IdList(ids)));
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1).Split(ProblemTable.Separator);
        }

        return result;
    }

    /// <summary>
    /// What a match row shows of each record (source, summary, severity, CVSS, published, links) from every source
    /// that has each id, in one query; unknown ids have no entry. Affected lists, modified times and CWEs are not read.
    /// </summary>
    public IReadOnlyDictionary<string, List<RecordSummary>> RecordSummaries(IReadOnlyCollection<string> ids)
    {
        var result = new Dictionary<string, List<RecordSummary>>(StringComparer.Ordinal);
        using var reader = Query(
            "SELECT id,source,summary,severity,severity_source,cvss_score,cvss_vector,published,urls FROM vulnerabilities WHERE id IN (SELECT value FROM json_each($ids))",
            ("$ids", IdList(ids)));
        while (reader.Read())
        {
            Add(result, reader.GetString(0), new RecordSummary(
                reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), reader.IsDBNull(5) ? null : reader.GetDouble(5), Text(reader, 6), Text(reader, 7), Text(reader, 8)));
        }

        return result;
    }

    /// <summary>
    /// KEV entries of the given CVEs, in one query. Asked by list rather than loading the catalog: the same
    /// shape serves EPSS, whose real file has a quarter of a million rows.
    /// </summary>
    public IReadOnlyDictionary<string, KevEntry> Kev(IReadOnlyCollection<string> cves)
    {
        var result = new Dictionary<string, KevEntry>(StringComparer.Ordinal);
        using var reader = Query("SELECT cve,date_added,due_date,ransomware,name FROM kev WHERE cve IN (SELECT value FROM json_each($c))", ("$c", IdList(cves)));
        while (reader.Read())
        {
            result[reader.GetString(0)] = new KevEntry(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4));
        }

        return result;
    }

    /// <summary>EPSS scores of the given CVEs, in one query.</summary>
    public IReadOnlyDictionary<string, EpssScore> Epss(IReadOnlyCollection<string> cves)
    {
        var result = new Dictionary<string, EpssScore>(StringComparer.Ordinal);
        using var reader = Query("SELECT cve,score,percentile,date FROM epss WHERE cve IN (SELECT value FROM json_each($c))", ("$c", IdList(cves)));
        while (reader.Read())
        {
            result[reader.GetString(0)] = new EpssScore(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), Text(reader, 3));
        }

        return result;
    }

    /// <summary>Schema, build time and each source's last sync and record count.</summary>
    public VulnDbInfo Info()
    {
        var sources = new List<FeedSourceInfo>();
        using (var reader = Query("""
            SELECT s.name, s.last_sync,
              CASE s.name WHEN 'cisa-kev' THEN (SELECT count(*) FROM kev) WHEN 'first-epss' THEN (SELECT count(*) FROM epss)
              ELSE (SELECT count(*) FROM vulnerabilities v WHERE v.source = s.name) END
            FROM sources s ORDER BY s.name
            """))
        {
            while (reader.Read())
            {
                sources.Add(new FeedSourceInfo(reader.GetString(0), Time(Text(reader, 1)), reader.GetInt64(2)));
            }
        }

        using var built = Query("SELECT value FROM meta WHERE key='built_at'");
        return new VulnDbInfo
        {
            Path = Path,
            SchemaVersion = VulnDbSchema.Version,
            BuiltAt = built.Read() ? Time(built.GetString(0)) : null,
            Sources = sources,
        };
    }

    /// <summary>HTTP validators remembered from the last download of a source (for conditional GET).</summary>
    public (string? Url, string? ETag, string? LastModified) Validators(string source)
    {
        using var reader = Query("SELECT url,etag,last_modified FROM sources WHERE name=$n", ("$n", source));
        return reader.Read() ? (Text(reader, 0), Text(reader, 1), Text(reader, 2)) : (null, null, null);
    }

    /// <summary>When a source last synced and how many records it holds (null when it never did).</summary>
    public (DateTimeOffset? LastSync, long Records)? Sync(string source) =>
        Info().Sources.FirstOrDefault(s => s.Name == source) is { } s ? (s.LastSync, s.RecordCount) : null;

    /// <summary>Raw rows of a table, for `db export`.</summary>
    public SqliteDataReader ReadTable(string table) => Query($"SELECT * FROM {table}");

    public void Dispose()
    {
        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }

        _db.Dispose();
    }

    private SqliteDataReader Query(string sql, params (string Name, object Value)[] args)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = _db.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, _) in args)
            {
                cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            cmd.Prepare();
            _commands[sql] = cmd;
        }

        for (var i = 0; i < args.Length; i++)
        {
            cmd.Parameters[i].Value = args[i].Value;
        }

        return cmd.ExecuteReader();
    }

    /// <summary>Parses each distinct interval text once per call: many records of a package share the same ranges.</summary>
    private static IReadOnlyList<VersionInterval> Intervals(string? json, Dictionary<string, List<VersionInterval>> parsed)
    {
        if (json is null)
        {
            return [];
        }

        if (!parsed.TryGetValue(json, out var list))
        {
            parsed[json] = list = StoredJson.Intervals(json);
        }

        return list;
    }

    private static void Add<T>(Dictionary<string, List<T>> lists, string key, T value)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }

    /// <summary>A list parameter as a JSON array, read in SQL with json_each (no limit on the number of ids).</summary>
    private static string IdList(IReadOnlyCollection<string> ids) => StoredJson.Strings(ids.ToList()) ?? "[]";

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Times are stored round-trip ("O"); the general parser is the fallback for older writers.</summary>
    internal static DateTimeOffset? Time(string? s) =>
        s is null ? null
        : DateTimeOffset.TryParseExact(s, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t) ? t : null;
}
