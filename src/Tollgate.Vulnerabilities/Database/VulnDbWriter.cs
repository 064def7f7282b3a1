using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>
/// Writes advisories into an open DB inside one transaction. The first record of a source in this run
/// deletes that source's old rows, so re-importing a feed replaces it (withdrawn records disappear).
/// </summary>
public sealed class VulnDbWriter : IFeedSink, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly SqliteTransaction _tx;
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
    private readonly HashSet<string> _merged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public VulnDbWriter(SqliteConnection db)
    {
        _db = db;
        _tx = db.BeginTransaction();
    }

    /// <summary>Sources written in this run.</summary>
    public IReadOnlyCollection<string> Sources => _replaced;

    /// <summary>
    /// Records of <paramref name="source"/> in this run replace only their own earlier rows (an incremental NVD
    /// update brings changed records only); the source's other records stay.
    /// </summary>
    public void MergeInto(string source)
    {
        _replaced.Add(source);
        _merged.Add(source);
    }

    public void Add(Advisory advisory)
    {
        Replace(advisory.Source, "vulnerabilities", "aliases", "affected", "cpes");
        if (_merged.Contains(advisory.Source))
        {
            foreach (var table in new[] { "vulnerabilities", "aliases", "affected", "cpes" })
            {
                Run($"DELETE FROM {table} WHERE source=$s AND id=$id", ("$s", advisory.Source), ("$id", advisory.Id));
            }
        }

        Run("INSERT OR IGNORE INTO vulnerabilities VALUES($s,$id,$sum,$sev,$sevsrc,$score,$vec,$pub,$mod,$urls,$cwes)",
            ("$s", advisory.Source), ("$id", advisory.Id), ("$sum", advisory.Summary), ("$sev", advisory.Severity),
            ("$sevsrc", advisory.SeveritySource), ("$score", advisory.CvssScore), ("$vec", advisory.CvssVector),
            ("$pub", advisory.Published?.ToString("O", CultureInfo.InvariantCulture)), ("$mod", advisory.Modified?.ToString("O", CultureInfo.InvariantCulture)),
            ("$urls", StoredJson.Strings(advisory.Urls)), ("$cwes", StoredJson.Strings(advisory.Cwes)));
        foreach (var alias in advisory.Aliases)
        {
            Run("INSERT OR IGNORE INTO aliases VALUES($s,$id,$a)", ("$s", advisory.Source), ("$id", advisory.Id), ("$a", alias));
        }

        foreach (var a in advisory.Affected)
        {
            Run("INSERT INTO affected VALUES($s,$id,$ns,$pkg,$r,$v,$fs,$sev)",
                ("$s", advisory.Source), ("$id", advisory.Id), ("$ns", a.Namespace), ("$pkg", a.Name),
                ("$r", StoredJson.Intervals(a.Ranges)), ("$v", StoredJson.Strings(a.Versions)), ("$fs", a.FixState), ("$sev", a.Severity));
        }

        foreach (var c in advisory.Cpes)
        {
            var parts = c.Criteria.Split(':');
            if (parts.Length < 6)
            {
                continue;
            }

            Run("INSERT INTO cpes VALUES($s,$id,$vendor,$product,$c,$r)",
                ("$s", advisory.Source), ("$id", advisory.Id), ("$vendor", parts[3]), ("$product", parts[4]), ("$c", c.Criteria),
                ("$r", c.Range is null ? null : StoredJson.Intervals([c.Range])));
        }
    }

    public void AddKev(KevEntry entry)
    {
        Replace("cisa-kev", "kev");
        Run("INSERT OR REPLACE INTO kev VALUES($c,$a,$d,$r,$n)", ("$c", entry.Cve), ("$a", entry.DateAdded), ("$d", entry.DueDate), ("$r", entry.Ransomware), ("$n", entry.Name));
    }

    public void AddEpss(EpssScore score)
    {
        Replace("first-epss", "epss");
        Run("INSERT OR REPLACE INTO epss VALUES($c,$s,$p,$d)", ("$c", score.Cve), ("$s", score.Score), ("$p", score.Percentile), ("$d", score.Date));
    }

    /// <summary>Records a source's sync (time, URL, HTTP validators) even when it brought no records.</summary>
    public void MarkSynced(string source, DateTimeOffset when, string? url = null, string? etag = null, string? lastModified = null)
    {
        _marked.Add(source);
        Run("INSERT OR REPLACE INTO sources VALUES($n,$t,$u,$e,$m)",
            ("$n", source), ("$t", when.ToString("O", CultureInfo.InvariantCulture)), ("$u", url), ("$e", etag), ("$m", lastModified));
    }

    public void Commit(DateTimeOffset now)
    {
        // Keeps HTTP validators a `db update` stored for the same name; only the sync time changes. A sync time
        // given by MarkSynced stays (for NVD it is the end of the last window asked, the next run's start).
        foreach (var source in _replaced.Except(_marked))
        {
            Run("INSERT INTO sources(name,last_sync) VALUES($n,$t) ON CONFLICT(name) DO UPDATE SET last_sync=excluded.last_sync",
                ("$n", source), ("$t", now.ToString("O", CultureInfo.InvariantCulture)));
        }

        Run("INSERT OR REPLACE INTO meta VALUES('built_at',$t)", ("$t", now.ToString("O", CultureInfo.InvariantCulture)));
        ProblemTable.Rebuild(_db, _tx);
        _tx.Commit();
    }

    public void Dispose()
    {
        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }

        _tx.Dispose();
    }

    private void Replace(string source, params string[] tables)
    {
        if (!_replaced.Add(source))
        {
            return;
        }

        foreach (var table in tables)
        {
            if (table is "kev" or "epss")
            {
                Run($"DELETE FROM {table}");
            }
            else
            {
                Run($"DELETE FROM {table} WHERE source=$s", ("$s", source));
            }
        }
    }

    private void Run(string sql, params (string Name, object? Value)[] args)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = _db.CreateCommand();
            cmd.Transaction = _tx;
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
            cmd.Parameters[i].Value = args[i].Value ?? DBNull.Value;
        }

        cmd.ExecuteNonQuery();
    }
}
