using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Tests;

/// <summary>One DB built from all of ../shared/corpora/vulns plus the Retire.js repository, shared by the matcher tests.</summary>
public sealed class CorpusDb : IDisposable
{
    public CorpusDb()
    {
        Dir = TestPaths.NewTempDir();
        Path = System.IO.Path.Combine(Dir, "vulns.db");
        Report = VulnDbBuilder.UpdateAsync(Path, writer =>
        {
            var report = FeedImporter.Import(TestPaths.Corpus("vulns"), writer);
            FeedImporter.Import(TestPaths.Corpus("retire", "jsrepository-v5.json"), writer, report);
            return Task.FromResult(report);
        }).GetAwaiter().GetResult();
        Db = VulnDb.Open(Path);
    }

    public string Dir { get; }
    public string Path { get; }
    public ImportReport Report { get; }
    public VulnDb Db { get; }

    public void Dispose()
    {
        Db.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusDbCollection : ICollectionFixture<CorpusDb>
{
    public const string Name = "corpus-db";
}
