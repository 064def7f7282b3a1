using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Analysis;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Service.Operations;
using Tollgate.Service.Store;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Service.Tests;

/// <summary>
/// Scrapes /metrics of the real app over loopback after real work (an analysed archive, a failed analysis, a
/// policy evaluation, a vulnerability DB built from a real feed) and reads it twice: with Prometheus' own parser
/// (python3-prometheus-client, the reference implementation of the format) and with the checks below.
/// </summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private const string AdminKey = "metrics-admin-key";
    private readonly string _dir = TestPaths.NewTempDir();
    private WebApplication? _app;
    private HttpClient _client = new();

    public async Task InitializeAsync()
    {
        var db = Path.Combine(_dir, "vulns.db");
        var twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2);
        await VulnDbBuilder.UpdateAsync(db, writer => Task.FromResult(FeedImporter.Import(TestPaths.Corpus("vulns", "alpine-secdb"), writer)));
        await VulnDbBuilder.UpdateAsync(db, writer =>
        {
            writer.MarkSynced("mirror-of-two-days-ago", twoDaysAgo);
            return Task.FromResult(0);
        });

        var options = new ServiceOptions { Store = "sqlite:" + Path.Combine(_dir, "t.db"), PollInterval = TimeSpan.FromMilliseconds(100), VulnDbPath = db, AllowLocalSources = true };
        _app = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    [Fact]
    public async Task MetricsCountTheWorkDone()
    {
        var analyzed = await SubmitAndWaitAsync("docker-archive:" + TestPaths.RequireTestData("alpine", "docker-archive.tar"));
        var failed = await SubmitAndWaitAsync("oci-dir:" + Path.Combine(_dir, "no-such-layout"));
        Assert.Equal(("analyzed", "analysis_failed"), (analyzed, failed));
        var verdictsBefore = Sample(await ScrapeAsync(), "tollgate_verdicts_total", "result", "stop") ?? 0;
        await EvaluateAsync();

        var text = await ScrapeAsync();
        var families = ReferenceParse(text);
        Assert.Equal("histogram", families["tollgate_job_duration_seconds"]);
        Assert.Equal("gauge", families["tollgate_queue_depth"]);
        Assert.Equal("gauge", families["tollgate_feed_age_seconds"]);
        Assert.Equal("counter", families["tollgate_verdicts"]);
        Assert.Equal("histogram", families["http_server_request_duration_seconds"]);

        Assert.Equal(1, Sample(text, "tollgate_job_duration_seconds_count", "outcome", "analyzed"));
        Assert.Equal(1, Sample(text, "tollgate_job_duration_seconds_count", "outcome", "failed"));
        Assert.True(Sample(text, "tollgate_job_duration_seconds_sum", "outcome", "analyzed") > 0);
        Assert.Equal(0, Sample(text, "tollgate_queue_depth", null, null));
        Assert.InRange(Sample(text, "tollgate_feed_age_seconds", "source", "alpine-secdb")!.Value, 0, 600);
        Assert.InRange(Sample(text, "tollgate_feed_age_seconds", "source", "mirror-of-two-days-ago")!.Value, 2 * 86400, 2 * 86400 + 600);
        Assert.True(Sample(text, "tollgate_verdicts_total", "result", "stop") >= verdictsBefore + 1);
        Assert.True(Sample(text, "http_server_request_duration_seconds_count", "http_route", "/v1/images/{id}") >= 2);
        AssertHistogramsAreCumulative(text);
    }

    [Fact]
    public async Task QueueDepthCountsAcceptedWork()
    {
        // An app that is built but not started runs no worker, so accepted jobs stay queued.
        var options = new ServiceOptions { Store = "sqlite:" + Path.Combine(_dir, "queued.db") };
        await using var idle = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        var images = idle.Services.GetRequiredService<ImageStore>();
        images.Add("oci-dir:" + _dir, null);
        images.Add("oci-dir:" + _dir, null);
        using var text = new StringWriter();
        PrometheusText.Write(idle.Services.GetRequiredService<MetricsCollector>().Collect(), text);
        Assert.Equal(2, Sample(text.ToString(), "tollgate_queue_depth", null, null));
    }

    [Fact]
    public async Task MetricsNeedAuthentication()
    {
        using var anonymous = new HttpClient { BaseAddress = _client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await _client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal(PrometheusText.ContentType, response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> SubmitAndWaitAsync(string source)
    {
        var accepted = await _client.PostAsync("/v1/images", JsonContent.Create(new { source }));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            var body = JsonDocument.Parse(await _client.GetStringAsync($"/v1/images/{id}")).RootElement;
            if (body.GetProperty("status").GetString() is "analyzed" or "analysis_failed")
            {
                return body.GetProperty("status").GetString()!;
            }

            await Task.Delay(100);
        }

        return "timed out";
    }

    /// <summary>The policy engine's verdict counter is process-wide: any evaluation, here the CLI's own path.</summary>
    private static async Task EvaluateAsync()
    {
        var bundle = BundleLoader.Load("pack:dod", strict: false).Bundle!;
        var input = await PolicyInputLoader.LoadAsync("oci-dir:" + Path.Combine(TestPaths.RepoRoot, "samples", "alpine-oci") + ":3.20.3", bundle, new AnalyzeOptions());
        Assert.Equal("STOP", PolicyEvaluator.Evaluate(bundle, input).FinalAction); // Alpine runs as root
    }

    /// <summary>Family name → type as prometheus_client's text parser reads them; any format error fails here.</summary>
    private static Dictionary<string, string> ReferenceParse(string text)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for f in text_string_to_metric_families(sys.stdin.read()):
                print(f.name, f.type, len(f.samples))
            """])
        { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(info)!;
        python.StandardInput.Write(text);
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEnd();
        var errors = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"prometheus_client rejected /metrics: {errors}\n{text}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>The value of the first sample named <paramref name="name"/> carrying label=value (or any, when null).</summary>
    private static double? Sample(string text, string name, string? label, string? value) =>
        SampleLine().Matches(text).Where(m => m.Groups["name"].Value == name
                && (label is null || m.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)))
            .Select(m => (double?)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).FirstOrDefault();

    private static void AssertHistogramsAreCumulative(string text)
    {
        foreach (var series in SampleLine().Matches(text).Where(m => m.Groups["name"].Value.EndsWith("_bucket", StringComparison.Ordinal))
                     .GroupBy(m => m.Groups["name"].Value + LeLabel().Replace(m.Groups["labels"].Value, string.Empty)))
        {
            var counts = series.Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First <= p.Second), $"{series.Key}: buckets not cumulative");
            Assert.EndsWith("le=\"+Inf\"", series.Last().Groups["labels"].Value);
        }
    }

    // Label values may hold braces ({id} in a route template), so quoted strings are matched whole.
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@",?le=""[^""]*""")]
    private static partial Regex LeLabel();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
