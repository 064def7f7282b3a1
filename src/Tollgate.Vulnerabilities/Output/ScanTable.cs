using System.Globalization;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Vulnerabilities.Output;

/// <summary>Human table, one row per match, most severe first, with a summary line and the DB age.</summary>
public static class ScanTable
{
    /// <param name="paintSeverity">Styles a severity (terminal colours; padding stays outside), or null for plain text.</param>
    public static void Write(ScanResult result, TextWriter output, Func<string, string>? paintSeverity = null)
    {
        string[] header = ["NAME", "INSTALLED", "FIXED-IN", "TYPE", "VULNERABILITY", "SEVERITY", "KEV", "EPSS", "SUPPRESSED"];
        var rows = result.Matches.Select(m => new[]
        {
            m.PackageName, m.PackageVersion, m.FixedIn.Count > 0 ? string.Join(", ", m.FixedIn) : m.FixState == FixStates.WontFix ? "(won't fix)" : "",
            m.PackageType, m.Id, m.Severity, m.KnownExploited ? "yes" : "",
            m.Epss is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) : "", m.SuppressedBy ?? "",
        }).ToList();
        var showSuppressed = rows.Any(r => r[^1].Length > 0);
        var columns = showSuppressed ? header.Length : header.Length - 1;
        var widths = Enumerable.Range(0, columns).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        const int SeverityColumn = 5;
        void Line(string[] cells, Func<string, string>? paint) => output.WriteLine(string.Join("  ", Enumerable.Range(0, columns)
            .Select(i => i == SeverityColumn && paint is not null ? paint(cells[i]) + new string(' ', widths[i] - cells[i].Length) : cells[i].PadRight(widths[i]))).TrimEnd());
        if (rows.Count == 0)
        {
            output.WriteLine("No vulnerabilities found");
        }
        else
        {
            Line(header, null);
            rows.ForEach(row => Line(row, paintSeverity));
        }

        var active = result.Matches.Where(m => m.SuppressedBy is null).ToList();
        var bySeverity = Severities.Ordered.Reverse().Select(s => (s, n: active.Count(m => m.Severity == s))).Where(x => x.n > 0);
        output.WriteLine();
        output.WriteLine($"{active.Count} vulnerabilities ({string.Join(", ", bySeverity.Select(x => $"{x.n} {x.s.ToLowerInvariant()}"))})"
            + (result.Matches.Count > active.Count ? $", {result.Matches.Count - active.Count} suppressed" : ""));
        if (result.Database?.BuiltAt is { } built)
        {
            output.WriteLine($"database built {built:yyyy-MM-dd HH:mm} UTC ({result.Database.Path})");
        }
    }
}
