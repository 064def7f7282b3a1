using Microsoft.Data.Sqlite;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>
/// Which ids speak of the same problem as each advisory record, worked out once per DB build instead of in every
/// scan: the record's aliases; for ids that are not CVEs, the records that list them; and the same again for its
/// GHSA ids. A CVE is not expanded backwards (every DSA, DLA or USN naming it would become its alias on any
/// distro). The matcher then reads one row per candidate record instead of two rounds of alias lookups.
/// </summary>
internal static class ProblemTable
{
    /// <summary>Ids never hold a line break, so one TEXT column holds the set.</summary>
    public const char Separator = '\n';

    public static void Rebuild(SqliteConnection db, SqliteTransaction tx)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var listedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var read = Command(db, tx, "SELECT id, alias FROM aliases"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var (id, alias) = (reader.GetString(0), reader.GetString(1));
                Add(aliases, id, alias);
                if (!IsCve(alias))
                {
                    Add(listedBy, alias, id);
                }
            }
        }

        IEnumerable<string> AliasesOf(string id) =>
            (aliases.GetValueOrDefault(id) ?? []).Concat(IsCve(id) ? [] : listedBy.GetValueOrDefault(id) ?? []);

        using (var clear = Command(db, tx, "DELETE FROM problems"))
        {
            clear.ExecuteNonQuery();
        }

        var ids = new List<string>();
        using (var read = Command(db, tx, "SELECT id FROM affected UNION SELECT id FROM cpes"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        using var insert = Command(db, tx, "INSERT INTO problems VALUES($id, $ids)");
        var idParam = insert.Parameters.Add("$id", SqliteType.Text);
        var idsParam = insert.Parameters.Add("$ids", SqliteType.Text);
        foreach (var id in ids)
        {
            idParam.Value = id;
            idsParam.Value = string.Join(Separator, Closure(id, AliasesOf));
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The record's own id, its aliases, and the aliases of the GHSA ids among them.</summary>
    private static HashSet<string> Closure(string id, Func<string, IEnumerable<string>> aliasesOf)
    {
        var ids = new HashSet<string>(aliasesOf(id), StringComparer.Ordinal) { id };
        foreach (var ghsa in ids.Where(IsGhsa).ToList())
        {
            ids.UnionWith(aliasesOf(ghsa));
        }

        return ids;
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Add(Dictionary<string, List<string>> lists, string key, string value)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }

    internal static bool IsCve(string id) => id.StartsWith("CVE-", StringComparison.Ordinal);

    internal static bool IsGhsa(string id) => id.StartsWith("GHSA-", StringComparison.Ordinal);
}
