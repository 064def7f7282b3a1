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

        CheckSchema(path);
        return new VulnDb(path, VulnDbBuilder.Open(path, readOnly: true));
    }

    /// <summary>Refuses files that are not our DB, or of another schema version, naming the file.</summary>
    public static void CheckSchema(string path)
    {
        try
        {
            using var db = VulnDbBuilder.Open(path, readOnly: true);
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key='schema_version'";
            var version = cmd.ExecuteScalar() as string;
            if (version != VulnDbSchema.Version.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"{path}: vulnerability DB schema {version ?? "unknown"}, this tollgate reads schema {VulnDbSchema.Version}; rebuild it with `tollgate db import|update`");
            }
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"{path}: not a tollgate vulnerability DB ({e.Message})");
        }
    }

    /// <summary>Advisory entries for one package name in one namespace.</summary>
    public IEnumerable<(string Source, string Id, AffectedPackage Affected)> Affected(string ns, string package)
    {
        using var reader = Query("SELECT source,id,ranges,versions,fix_state,severity FROM affected WHERE namespace=$ns AND package=$p", ("$ns", ns), ("$p", package));
        var rows = new List<(string, string, AffectedPackage)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), new AffectedPackage
            {
                Namespace = ns,
                Name = package,
                Ranges = StoredJson.Intervals(Text(reader, 2)),
                Versions = StoredJson.Strings(Text(reader, 3)),
                FixState = Text(reader, 4),
                Severity = Text(reader, 5),
            }));
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
    /// Ids the given id is known under: the aliases its records list and, for non-CVE ids (GHSA, GO-, RUSTSEC-),
    /// the records that list it. A CVE is not expanded backwards: every DSA, DLA or USN naming it would become
    /// its "alias" on any distro.
    /// </summary>
    public IReadOnlyList<string> AliasesOf(string id)
    {
        using var reader = id.StartsWith("CVE-", StringComparison.Ordinal)
            ? Query("SELECT alias FROM aliases WHERE id=$i", ("$i", id))
            : Query("SELECT alias FROM aliases WHERE id=$i UNION SELECT id FROM aliases WHERE alias=$i", ("$i", id));
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    /// <summary>Advisory metadata (no affected list) from every source that has the id.</summary>
    public IReadOnlyList<Advisory> Vulnerability(string id)
    {
        using var reader = Query("SELECT source,summary,severity,severity_source,cvss_score,cvss_vector,published,modified,urls,cwes FROM vulnerabilities WHERE id=$i", ("$i", id));
        var list = new List<Advisory>();
        while (reader.Read())
        {
            list.Add(new Advisory
            {
                Id = id,
                Source = reader.GetString(0),
                Summary = Text(reader, 1),
                Severity = Text(reader, 2),
                SeveritySource = Text(reader, 3),
                CvssScore = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                CvssVector = Text(reader, 5),
                Published = Time(Text(reader, 6)),
                Modified = Time(Text(reader, 7)),
                Urls = StoredJson.Strings(Text(reader, 8)),
                Cwes = StoredJson.Strings(Text(reader, 9)),
            });
        }

        return list;
    }

    private Dictionary<string, KevEntry>? _kev;
    private Dictionary<string, EpssScore>? _epss;

    /// <summary>KEV entry of a CVE. The whole catalog is loaded once: one query instead of one per match.</summary>
    public KevEntry? Kev(string cve)
    {
        if (_kev is null)
        {
            _kev = new Dictionary<string, KevEntry>(StringComparer.Ordinal);
            using var reader = Query("SELECT cve,date_added,due_date,ransomware,name FROM kev");
            while (reader.Read())
            {
                _kev[reader.GetString(0)] = new KevEntry(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4));
            }
        }

        return _kev.GetValueOrDefault(cve);
    }

    /// <summary>EPSS score of a CVE, loaded once like <see cref="Kev"/>.</summary>
    public EpssScore? Epss(string cve)
    {
        if (_epss is null)
        {
            _epss = new Dictionary<string, EpssScore>(StringComparer.Ordinal);
            using var reader = Query("SELECT cve,score,percentile,date FROM epss");
            while (reader.Read())
            {
                _epss[reader.GetString(0)] = new EpssScore(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), Text(reader, 3));
            }
        }

        return _epss.GetValueOrDefault(cve);
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

            _commands[sql] = cmd;
        }

        for (var i = 0; i < args.Length; i++)
        {
            cmd.Parameters[i].Value = args[i].Value;
        }

        return cmd.ExecuteReader();
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
