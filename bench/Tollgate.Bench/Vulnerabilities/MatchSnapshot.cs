using System.Text.Json;
using Tollgate.Vulnerabilities.Model;
using Tollgate.Vulnerabilities.Output;

namespace Tollgate.Bench.Vulnerabilities;

/// <summary>
/// Every match row of a scan (all fields, in the matcher's order) and the DB's per-source counts as text lines, so a
/// faster matcher can be checked to give exactly the rows of the one before it.
/// </summary>
internal static class MatchSnapshot
{
    public static List<string> Of(ScanResult scan)
    {
        // The DB path, build time and schema version may differ between the runs compared; sources and their
        // record counts must not.
        var info = scan.Database is { } db ? db with { Path = "", BuiltAt = null, SchemaVersion = 0, Sources = db.Sources.Select(s => s with { LastSync = null }).ToList() } : null;
        var json = JsonSerializer.Serialize(scan with { Database = info }, ScanJsonContext.Default.ScanResult);
        return [.. json.Split('\n')];
    }

    public static string FileName(string scenario) => scenario.Replace(' ', '-') + ".matches.json";

    /// <summary>True when <paramref name="rows"/> equal the file's lines; else prints the first difference.</summary>
    public static bool Verify(string file, List<string> rows)
    {
        var expected = File.ReadAllLines(file);
        for (var i = 0; i < Math.Max(expected.Length, rows.Count); i++)
        {
            var want = i < expected.Length ? expected[i] : "(end)";
            var got = i < rows.Count ? rows[i] : "(end)";
            if (want != got)
            {
                Console.WriteLine($"verify {file}: FAILED at line {i + 1}: expected {want.Trim()}, got {got.Trim()}");
                return false;
            }
        }

        Console.WriteLine($"verify {file}: identical ({rows.Count} lines)");
        return true;
    }
}
