using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Database.Update;

namespace Tollgate.Vulnerabilities.Tests.Database;

/// <summary>
/// `db update` from an NVD CVE API 2.0 mirror: a local server pages the corpus NVD records (vunnel's full-page.json
/// and osv.dev's nvd-2.0 responses) by startIndex/resultsPerPage/totalResults, serving at most 7 per page whatever
/// is asked, as the real API caps its pages.
/// </summary>
public sealed class NvdPagingTests : IDisposable
{
    private const int ServerPageCap = 7;
    private readonly string _dir = TestPaths.NewTempDir();
    private readonly HttpListener _listener = new();
    private readonly List<JsonNode> _records = CorpusRecords();
    private readonly List<int> _starts = [];
    private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _windows = [];
    private List<JsonNode>? _changed;
    private readonly string _api;
    private int? _failOnceAt;

    public NvdPagingTests()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var prefix = $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}/";
        l.Stop();
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _api = prefix + "rest/json/cves/2.0";
        _ = Task.Run(ServeAsync);
    }

    [Fact]
    public async Task PagesUntilTotalResults()
    {
        var db = Path.Combine(_dir, "vulns.db");
        using var http = new HttpClient();
        var (outcomes, report) = await FeedUpdater.UpdateAsync(db, [new("nvd", _api + "?resultsPerPage=10")], http, null, CancellationToken.None);

        Assert.Equal("downloaded", Assert.Single(outcomes).State);
        Assert.Empty(report.Skipped);

        // 10 asked, 7 served: startIndex advances by what each page holds.
        var expectedStarts = Enumerable.Range(0, (_records.Count + ServerPageCap - 1) / ServerPageCap).Select(i => i * ServerPageCap);
        Assert.Equal(expectedStarts, _starts);
        Assert.Equal(_records.Count, Records(db));
        using var v = VulnDb.Open(db);
        Assert.Contains(v.Cpes("tukaani", "xz"), c => c.Id == "CVE-2024-3094"); // from osv-samples/nvd-2.0, the last pages
        Assert.False(Directory.Exists(db + ".downloads/nvd"));
    }

    [Fact]
    public async Task AStoppedRunResumesAtTheFirstMissingPage()
    {
        var db = Path.Combine(_dir, "vulns.db");
        using var http = new HttpClient();
        _failOnceAt = 3 * ServerPageCap;
        var (first, _) = await FeedUpdater.UpdateAsync(db, [new("nvd", _api)], http, null, CancellationToken.None);

        var failed = Assert.Single(first);
        Assert.Equal("failed", failed.State);
        Assert.Contains("503", failed.Detail);
        Assert.False(File.Exists(db)); // nothing complete to import: no DB built from a partial NVD
        Assert.Equal(3, Directory.GetFiles(Path.Combine(db + ".downloads", "nvd", "pages"), "*.json").Length);

        _starts.Clear();
        var (second, _) = await FeedUpdater.UpdateAsync(db, [new("nvd", _api)], http, null, CancellationToken.None);
        Assert.Equal("downloaded (resumed)", Assert.Single(second).State);
        Assert.Equal(3 * ServerPageCap, _starts[0]); // the three pages on disk are not asked again
        Assert.Equal(_records.Count, Records(db));
    }

    [Fact]
    public async Task ALaterRunAsksOnlyForRecordsChangedSinceTheLastSync()
    {
        var db = Path.Combine(_dir, "vulns.db");
        using var http = new HttpClient();
        await FeedUpdater.UpdateAsync(db, [new("nvd", _api)], http, null, CancellationToken.None);
        var firstSync = LastSync(db);
        Assert.Contains(Cpes(db), c => c.Id == "CVE-2024-3094");

        // NVD reissues CVE-2024-3094 (the real record, its description changed and its configurations withdrawn).
        var changed = _records.Single(r => r["cve"]!["id"]!.GetValue<string>() == "CVE-2024-3094").DeepClone();
        changed["cve"]!["descriptions"]![0]!["value"] = "reissued by the test";
        changed["cve"]!.AsObject().Remove("configurations");
        _changed = [changed];
        _starts.Clear();
        var (outcomes, _) = await FeedUpdater.UpdateAsync(db, [new("nvd", _api)], http, null, CancellationToken.None);

        Assert.Equal("downloaded (changes only)", Assert.Single(outcomes).State);
        var window = Assert.Single(_windows);
        Assert.Equal(firstSync, window.Start); // from the last successful sync...
        Assert.True(window.End >= window.Start && window.End <= DateTimeOffset.UtcNow, $"{window}"); // ...to now
        Assert.Equal(window.End, LastSync(db)); // the next run starts where this one asked up to
        Assert.Equal(_records.Count, Records(db)); // the unchanged records stay
        using var v = VulnDb.Open(db);
        Assert.Equal("reissued by the test", Assert.Single(v.RecordSummaries(["CVE-2024-3094"])["CVE-2024-3094"]).Summary);
        Assert.DoesNotContain(v.Cpes("tukaani", "xz"), c => c.Id == "CVE-2024-3094"); // its old CPE rows are gone
    }

    [Fact]
    public async Task ALongGapIsAskedInWindowsOfAtMost120Days()
    {
        var db = Path.Combine(_dir, "vulns.db");
        using var http = new HttpClient();
        await FeedUpdater.UpdateAsync(db, [new("nvd", _api)], http, null, CancellationToken.None);
        var longAgo = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using (var sql = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            sql.Open();
            using var cmd = sql.CreateCommand();
            cmd.CommandText = "UPDATE sources SET last_sync=$t WHERE name='nvd'";
            cmd.Parameters.AddWithValue("$t", longAgo.ToString("O", CultureInfo.InvariantCulture));
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        _changed = [];
        await FeedUpdater.UpdateAsync(db, [new("nvd", _api)], http, null, CancellationToken.None);

        Assert.True(_windows.Count >= 3, $"{_windows.Count} windows"); // more than 240 days since 2026-01-02
        Assert.Equal(longAgo, _windows[0].Start);
        for (var i = 0; i < _windows.Count; i++)
        {
            Assert.True(_windows[i].End - _windows[i].Start <= TimeSpan.FromDays(120), $"{_windows[i]}");
            Assert.True(i == 0 || _windows[i].Start == _windows[i - 1].End, "windows follow each other without a gap");
        }

        Assert.Equal(_windows[^1].End, LastSync(db));
        Assert.Equal(_records.Count, Records(db));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        Directory.Delete(_dir, true);
    }

    private static DateTimeOffset LastSync(string db)
    {
        using var v = VulnDb.Open(db);
        return v.Info().Sources.Single(s => s.Name == "nvd").LastSync!.Value;
    }

    private static List<(string Source, string Id, string Criteria, Tollgate.Vulnerabilities.Feeds.VersionInterval? Range)> Cpes(string db)
    {
        using var v = VulnDb.Open(db);
        return v.Cpes("tukaani", "xz").ToList();
    }

    private static long Records(string db)
    {
        using var v = VulnDb.Open(db);
        return v.Info().Sources.Single(s => s.Name == "nvd").RecordCount;
    }

    /// <summary>Every distinct CVE of the corpus NVD API 2.0 responses, in file order.</summary>
    private static List<JsonNode> CorpusRecords()
    {
        var files = new[] { TestPaths.Corpus("vulns", "vunnel-upstream", "nvd", "full-page.json") }
            .Concat(Directory.EnumerateFiles(TestPaths.Corpus("vulns", "osv-samples", "nvd-2.0"), "*.json").Order(StringComparer.Ordinal));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<JsonNode>();
        foreach (var file in files)
        {
            foreach (var item in JsonNode.Parse(File.ReadAllText(file))!["vulnerabilities"]!.AsArray())
            {
                if (seen.Add(item!["cve"]!["id"]!.GetValue<string>()))
                {
                    records.Add(item.DeepClone());
                }
            }
        }

        Assert.True(records.Count > 40, $"{records.Count} corpus NVD records");
        return records;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var start = int.Parse(ctx.Request.QueryString["startIndex"] ?? "0", CultureInfo.InvariantCulture);
            var records = _records;
            if (ctx.Request.QueryString["lastModStartDate"] is { } from)
            {
                // The API's form, "2026-01-02T03:04:05.000+00:00" (the plus arrives decoded).
                var window = (Date(from), Date(ctx.Request.QueryString["lastModEndDate"]!));
                lock (_windows)
                {
                    if (start == 0)
                    {
                        _windows.Add(window);
                    }
                }

                records = _changed ?? [];
            }

            var asked = int.Parse(ctx.Request.QueryString["resultsPerPage"] ?? "2000", CultureInfo.InvariantCulture);
            lock (_starts)
            {
                _starts.Add(start);
            }

            if (start == _failOnceAt)
            {
                _failOnceAt = null;
                ctx.Response.StatusCode = 503;
                ctx.Response.Close();
                continue;
            }

            var page = records.Skip(start).Take(Math.Min(asked, ServerPageCap)).Select(r => r.DeepClone()).ToArray();
            var body = new JsonObject
            {
                ["resultsPerPage"] = page.Length,
                ["startIndex"] = start,
                ["totalResults"] = records.Count,
                ["format"] = "NVD_CVE",
                ["version"] = "2.0",
                ["timestamp"] = "2026-11-28T00:00:00.000",
                ["vulnerabilities"] = new JsonArray(page),
            };
            var bytes = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    private static DateTimeOffset Date(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
