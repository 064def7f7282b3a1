using Microsoft.Data.Sqlite;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Tests.Database;

/// <summary>
/// Schema 2 added the derived `problems` table: a DB of schema 1 is refused for reading (naming the file and the way
/// out), and an import over it builds a whole new DB instead of copying rows the new schema lacks.
/// </summary>
public sealed class SchemaUpgradeTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    [Fact]
    public async Task AnOlderSchemaIsRefusedThenRebuiltByTheNextImport()
    {
        var db = Path.Combine(_dir, "vulns.db");
        await Import(db, "kev");
        using (var sql = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            sql.Open();
            using var cmd = sql.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value='1' WHERE key='schema_version'; DROP TABLE problems;";
            cmd.ExecuteNonQuery();
        }

        var refused = Assert.Throws<InvalidDataException>(() => VulnDb.Open(db));
        Assert.Contains(db, refused.Message);
        Assert.Contains("schema 1", refused.Message);
        Assert.Contains("rebuild it with `tollgate db import|update`", refused.Message);

        await Import(db, "alpine-secdb");

        using var v = VulnDb.Open(db);
        Assert.Equal(VulnDbSchema.Version, v.Info().SchemaVersion);
        Assert.Equal(["alpine-secdb"], v.Info().Sources.Select(s => s.Name)); // the old DB's rows were not carried over
        Assert.NotEmpty(v.Problems(["CVE-2019-14697"])); // musl, in the v3.8, v3.9 and v3.11 secdb
    }

    [Fact]
    public async Task AFileThatIsNoDbIsNeverOverwritten()
    {
        var file = Path.Combine(_dir, "notes.db");
        await File.WriteAllTextAsync(file, "my notes, not a vulnerability DB");

        await Assert.ThrowsAsync<InvalidDataException>(() => Import(file, "kev"));
        Assert.Equal("my notes, not a vulnerability DB", await File.ReadAllTextAsync(file));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private static Task<ImportReport> Import(string db, string corpus) =>
        VulnDbBuilder.UpdateAsync(db, w => Task.FromResult(FeedImporter.Import(TestPaths.Corpus("vulns", corpus), w)));
}
