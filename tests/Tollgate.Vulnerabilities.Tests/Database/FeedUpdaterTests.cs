using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Database.Update;

namespace Tollgate.Vulnerabilities.Tests.Database;

/// <summary>
/// `db update` against a local HTTP server serving corpus files (there is no internet here): conditional GET,
/// resume with Range, published-checksum verification, one failing source not stopping the others.
/// </summary>
public sealed class FeedUpdaterTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];
    private readonly string _prefix;

    public FeedUpdaterTests()
    {
        var port = FreePort();
        _prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_prefix);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    [Fact]
    public async Task DownloadsThenAnswersNotModifiedThenResumes()
    {
        var kev = File.ReadAllBytes(TestPaths.Corpus("vulns", "kev", "known_exploited_vulnerabilities.json"));
        _files["/kev.json"] = kev;
        var db = Path.Combine(_dir, "vulns.db");
        using var http = new HttpClient();
        FeedSource[] sources = [new("cisa-kev", _prefix + "kev.json")];

        var (first, _) = await FeedUpdater.UpdateAsync(db, sources, http, null, CancellationToken.None);
        Assert.Equal("downloaded", Assert.Single(first).State);
        Assert.Equal(1404, Records(db, "cisa-kev"));

        // Second run sends If-None-Match with the stored ETag; the server answers 304 and nothing is re-imported.
        var (second, _) = await FeedUpdater.UpdateAsync(db, sources, http, null, CancellationToken.None);
        Assert.Equal("not-modified", Assert.Single(second).State);
        Assert.Contains(_log, l => l.StartsWith("GET /kev.json inm=", StringComparison.Ordinal) && l.EndsWith("-> 304", StringComparison.Ordinal));
        Assert.Equal(1404, Records(db, "cisa-kev"));

        // A download cut off halfway (the .part and its ETag are kept beside the DB) resumes with Range from where it stopped.
        File.Delete(db);
        var work = db + ".downloads";
        Directory.CreateDirectory(work);
        File.WriteAllBytes(Path.Combine(work, "cisa-kev.part"), kev[..(kev.Length / 2)]);
        File.WriteAllText(Path.Combine(work, "cisa-kev.part.etag"), ETag(kev));
        var (third, _) = await FeedUpdater.UpdateAsync(db, sources, http, null, CancellationToken.None);
        Assert.Equal("downloaded (resumed)", Assert.Single(third).State);
        Assert.Contains(_log, l => l.Contains($"range=bytes={kev.Length / 2}-", StringComparison.Ordinal) && l.EndsWith("-> 206", StringComparison.Ordinal));
        Assert.Equal(1404, Records(db, "cisa-kev"));
    }

    [Fact]
    public async Task PublishedChecksumMismatchFailsThatSourceOnly()
    {
        _files["/epss.csv"] = File.ReadAllBytes(TestPaths.Corpus("vulns", "vunnel-upstream", "epss", "example-1.csv"));
        _files["/epss.csv.sha256"] = "0000000000000000000000000000000000000000000000000000000000000000  epss.csv\n"u8.ToArray();
        _files["/secdb.yaml"] = File.ReadAllBytes(TestPaths.Corpus("vulns", "alpine-secdb", "v3.11", "main.yaml"));
        var good = File.ReadAllBytes(TestPaths.Corpus("vulns", "alpine-secdb", "v3.11", "main.yaml"));
        _files["/secdb.yaml.sha256"] = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(good)));
        var db = Path.Combine(_dir, "vulns.db");
        using var http = new HttpClient();
        var (outcomes, _) = await FeedUpdater.UpdateAsync(db, [new("first-epss", _prefix + "epss.csv"), new("alpine-3.11", _prefix + "secdb.yaml")], http, null, CancellationToken.None);
        var epss = outcomes.Single(o => o.Source == "first-epss");
        Assert.Equal("failed", epss.State);
        Assert.Contains("does not match the published", epss.Detail);
        Assert.Equal("downloaded", outcomes.Single(o => o.Source == "alpine-3.11").State);
        Assert.True(Records(db, "alpine-secdb") > 1000);
        Assert.Equal(0, Records(db, "first-epss"));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        Directory.Delete(_dir, true);
    }

    private static long Records(string db, string source)
    {
        using var v = VulnDb.Open(db);
        return v.Info().Sources.FirstOrDefault(s => s.Name == source)?.RecordCount ?? 0;
    }

    private static string ETag(byte[] body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A tiny static server with ETag, If-None-Match and Range/If-Range, like a CDN.</summary>
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

            var path = ctx.Request.Url!.AbsolutePath;
            var inm = ctx.Request.Headers["If-None-Match"];
            var range = ctx.Request.Headers["Range"];
            var status = 404;
            if (_files.TryGetValue(path, out var body))
            {
                var etag = ETag(body);
                ctx.Response.AddHeader("ETag", etag);
                if (inm == etag)
                {
                    status = 304;
                }
                else if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && ctx.Request.Headers["If-Range"] == etag)
                {
                    var from = int.Parse(range[6..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
                    status = 206;
                    ctx.Response.AddHeader("Content-Range", $"bytes {from}-{body.Length - 1}/{body.Length}");
                    body = body[from..];
                }
                else
                {
                    status = 200;
                }
            }

            lock (_log)
            {
                _log.Add($"GET {path}" + (inm is null ? "" : " inm=" + inm) + (range is null ? "" : " range=" + range) + $" -> {status}");
            }

            ctx.Response.StatusCode = status;
            if (status is 200 or 206 && body is not null)
            {
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
            }

            ctx.Response.Close();
        }
    }
}
