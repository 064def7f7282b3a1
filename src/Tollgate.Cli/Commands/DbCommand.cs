using System.Globalization;
using Tollgate.Cli.CommandLine;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Database.Update;
using Tollgate.Vulnerabilities.Feeds;
using Tollgate.Vulnerabilities.Output;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate db import|update|status|export`: builds and inspects the vulnerability DB.</summary>
public sealed class DbCommand : ICommand
{
    public string Name => "db";

    public string Summary => "build and inspect the vulnerability database (import, update, status, export)";

    public string Usage => """
        usage: tollgate db import PATH... [--db FILE]
               tollgate db update [--source NAME=URL]... [--db FILE]
               tollgate db status [--db FILE] [-o table|json]
               tollgate db export [--db FILE] [-o json=FILE]

          import   read files, folders or zips of any supported feed format (detected per file): OSV JSON/YAML,
                   Alpine secdb, Debian tracker JSON and DSA/DLA lists, nodejs-security-wg, Retire.js, NVD CVE API 2.0,
                   CISA KEV, FIRST EPSS CSV. Re-importing a source replaces that source's records.
          update   download the public feeds (conditional GET, resumable) and import them; --source NAME=URL
                   updates only the named sources from the given URLs
          status   schema, build time and each source's last sync and record count
          export   every table as JSON
          --db     the database file (default: $TOLLGATE_DB, else ~/.local/share/tollgate/vulns.db)

        The database is rebuilt beside the old one and renamed into place: an interrupted run leaves the old one intact.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { "--db", "--source" };

    public IReadOnlySet<string> FlagOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var verb = args.RequirePositional(0, "db subcommand (import, update, status, export)");
        var dbPath = VulnDbLocation.Resolve(args.Value("--db"));
        return verb switch
        {
            "import" => await ImportAsync(args, dbPath, cancellationToken),
            "update" => await UpdateAsync(args, dbPath, cancellationToken),
            "status" => Status(args, dbPath),
            "export" => Export(args, dbPath),
            _ => throw new UsageException($"unknown db subcommand '{verb}' (import, update, status, export)"),
        };
    }

    private static async Task<int> ImportAsync(ParsedArgs args, string dbPath, CancellationToken cancellationToken)
    {
        var paths = args.Positionals.Skip(1).ToList();
        if (paths.Count == 0)
        {
            throw new UsageException("db import needs a file, folder or zip to import");
        }

        foreach (var p in paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new UsageException($"{p}: no such file or folder");
        }

        var started = DateTimeOffset.UtcNow;
        var progress = ProgressReporter.For(args);
        var report = await VulnDbBuilder.UpdateAsync(dbPath, writer =>
        {
            var r = new ImportReport();
            foreach (var p in paths)
            {
                progress.Step($"importing {p}", () => FeedImporter.Import(p, writer, r, cancellationToken));
            }

            return Task.FromResult(r);
        }, cancellationToken);
        PrintReport(report, dbPath, DateTimeOffset.UtcNow - started);
        return report.FilesRead == 0 ? ExitCodes.Error : ExitCodes.Success;
    }

    private static async Task<int> UpdateAsync(ParsedArgs args, string dbPath, CancellationToken cancellationToken)
    {
        var sources = FeedSourceCatalog.Select(args.Values("--source"));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("tollgate/0.1");
        var started = DateTimeOffset.UtcNow;
        var (outcomes, report) = await FeedUpdater.UpdateAsync(dbPath, sources, http, ProgressReporter.For(args).Enabled ? Console.Error : null, cancellationToken);
        foreach (var o in outcomes)
        {
            Console.Out.WriteLine($"{o.Source,-20} {o.State}{(o.State == "failed" ? ": " + o.Detail : "")}");
        }

        PrintReport(report, dbPath, DateTimeOffset.UtcNow - started);
        return outcomes.Any(o => o.State == "failed") ? ExitCodes.Error : ExitCodes.Success;
    }

    private static void PrintReport(ImportReport report, string dbPath, TimeSpan took)
    {
        foreach (var (format, count) in report.RecordsByFormat.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Console.Out.WriteLine($"{format,-24} {count,8} records");
        }

        if (report.Skipped.Count > 0)
        {
            Console.Error.WriteLine($"skipped {report.Skipped.Count} inputs:");
            foreach (var s in report.Skipped.Take(50))
            {
                Console.Error.WriteLine($"  {s.File}: {s.Reason}");
            }

            if (report.Skipped.Count > 50)
            {
                Console.Error.WriteLine($"  … and {report.Skipped.Count - 50} more");
            }
        }

        var size = File.Exists(dbPath) ? new FileInfo(dbPath).Length : 0;
        Console.Out.WriteLine($"{report.FilesRead} files read in {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; {dbPath} is {size / (1024.0 * 1024):0.0} MiB");
    }

    private static int Status(ParsedArgs args, string dbPath)
    {
        using var db = VulnDb.Open(dbPath);
        var info = db.Info();
        var target = OutputTarget.Validate(args.Outputs, ["table", "json"], "table")[0];
        target.Write(w =>
        {
            if (target.Format == "json")
            {
                ScanJson.Write(info, w);
                return;
            }

            w.WriteLine($"database  {info.Path}");
            w.WriteLine($"schema    {info.SchemaVersion}");
            var age = info.BuiltAt is { } b ? DateTimeOffset.UtcNow - b : (TimeSpan?)null;
            w.WriteLine($"built     {info.BuiltAt:yyyy-MM-dd HH:mm:ss} UTC" + (age is { } a ? $" ({a.TotalDays.ToString("0.0", CultureInfo.InvariantCulture)} days ago)" : ""));
            w.WriteLine();
            w.WriteLine($"{"SOURCE",-24} {"LAST SYNC",-20} {"RECORDS",8}");
            foreach (var s in info.Sources)
            {
                w.WriteLine($"{s.Name,-24} {s.LastSync:yyyy-MM-dd HH:mm:ss} {s.RecordCount,8}");
            }
        });
        return ExitCodes.Success;
    }

    private static int Export(ParsedArgs args, string dbPath)
    {
        using var db = VulnDb.Open(dbPath);
        var target = OutputTarget.Validate(args.Outputs, ["json"], "json")[0];
        if (target.File is null)
        {
            using var stdout = Console.OpenStandardOutput();
            VulnDbExport.Write(db, stdout);
            return ExitCodes.Success;
        }

        var full = Path.GetFullPath(target.File);
        var tmp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var file = File.Create(tmp))
            {
                VulnDbExport.Write(db, file);
            }

            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            File.Delete(tmp);
        }

        return ExitCodes.Success;
    }
}
