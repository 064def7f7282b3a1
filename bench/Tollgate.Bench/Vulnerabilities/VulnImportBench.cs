using System.Diagnostics;
using System.Text.Json;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Bench.Vulnerabilities;

/// <summary>Import all of corpora/vulns into a new DB vs. a baseline that only parses the same files (JSON/YAML/text).</summary>
public sealed class VulnImportBench : IBench
{
    public string Name => "vuln-import";

    public string Summary => "import all of corpora/vulns into a new SQLite DB (baseline: parse the same files)";

    public async Task<int> RunAsync(string[] args)
    {
        var corpora = VulnBenchData.Corpora(args);
        var vulns = Path.Combine(corpora, "vulns");
        var dir = Directory.CreateTempSubdirectory("tollgate-bench-");
        try
        {
            var baseline = Stopwatch.StartNew();
            long parsed = 0;
            foreach (var file in FeedImporter.Enumerate(vulns))
            {
                using var s = file.Open();
                if (file.Extension == ".json")
                {
                    try
                    {
                        using var doc = JsonDocument.Parse(s);
                        parsed++;
                    }
                    catch (JsonException)
                    {
                    }
                }
                else if (file.Extension is ".yaml" or ".yml")
                {
                    FeedJson.ParseYaml(file).ToList();
                    parsed++;
                }
                else
                {
                    using var reader = new StreamReader(s);
                    await reader.ReadToEndAsync();
                    parsed++;
                }
            }

            baseline.Stop();

            var db = Path.Combine(dir.FullName, "vulns.db");
            var ours = Stopwatch.StartNew();
            var report = await VulnDbBuilder.UpdateAsync(db, w => Task.FromResult(FeedImporter.Import(vulns, w)));
            ours.Stop();
            var records = report.RecordsByFormat.Values.Sum();
            Console.WriteLine($"baseline (parse only)  {baseline.Elapsed.TotalSeconds,8:0.00} s  {parsed} files");
            Console.WriteLine($"tollgate db import     {ours.Elapsed.TotalSeconds,8:0.00} s  {report.FilesRead} files, {records} records, {report.Skipped.Count} skipped");
            Console.WriteLine($"ratio                  {ours.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds,8:0.00}x   (budget: 60 s)");
            Console.WriteLine($"db size                {new FileInfo(db).Length / (1024.0 * 1024),8:0.0} MiB");
            return 0;
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
