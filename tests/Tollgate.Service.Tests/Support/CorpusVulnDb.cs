using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Service.Tests.Support;

/// <summary>Vulnerability DBs built the way `tollgate db import` builds them, from the real feeds in the shared corpus.</summary>
public static class CorpusVulnDb
{
    /// <summary>Imports <paramref name="corpusPaths"/> (relative to corpora/) into <paramref name="dbPath"/>.</summary>
    public static async Task ImportAsync(string dbPath, params string[] corpusPaths) =>
        await VulnDbBuilder.UpdateAsync(dbPath, writer =>
        {
            var report = new ImportReport();
            foreach (var path in corpusPaths)
            {
                FeedImporter.Import(TestPaths.Corpus(path.Split('/')), writer, report);
            }

            return Task.FromResult(report);
        });
}
