using System.Text.Json.Nodes;
using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Html;
using Tollgate.TestSupport;
using Xunit.Abstractions;

namespace Tollgate.Reports.Tests.Html;

/// <summary>
/// The HTML report as a person sees it: opened from disk in Debian's headless Chromium, driven over the DevTools
/// protocol. The screenshot is kept as a test artifact ($TOLLGATE_ARTIFACTS, else TestResults/artifacts beside the tests).
/// </summary>
public class HtmlInBrowserTests(ReportFixture fixture, ITestOutputHelper output) : IClassFixture<ReportFixture>
{
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static string ArtifactsDir =>
        Environment.GetEnvironmentVariable("TOLLGATE_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts");

    [Fact]
    public async Task Chromium_draws_the_summary_and_chart_with_no_console_errors()
    {
        Directory.CreateDirectory(ArtifactsDir);
        var html = Path.Combine(ArtifactsDir, "html-report.html");
        await using (var file = File.Create(html))
        {
            new HtmlRenderer().Render(fixture.Input, file);
        }

        using var browser = await HeadlessChromium.LaunchAsync(LaunchTimeout);
        await using var page = await OpenAsync(browser, html);

        Assert.Empty(Errors(page));
        Assert.Equal("complete", (string?)await page.EvaluateAsync("document.readyState"));
        var summary = (await page.EvaluateAsync("""
            (() => { const s = document.querySelector('#summary'); const r = s.getBoundingClientRect();
                     return { height: r.height, terms: s.querySelectorAll('dt').length, text: s.innerText,
                              verdict: getComputedStyle(s.querySelector('.verdict')).backgroundColor }; })()
            """))!.AsObject();
        Assert.True(summary["height"]!.GetValue<double>() > 50, $"summary height {summary["height"]}");
        Assert.True(summary["terms"]!.GetValue<int>() >= 7);
        Assert.Contains(PolicyActions.Stop, summary["text"]!.GetValue<string>());
        Assert.Equal("rgb(176, 0, 32)", summary["verdict"]!.GetValue<string>());

        var chart = (await page.EvaluateAsync("""
            (() => { const svg = document.querySelector('#chart svg'); const r = svg.getBoundingClientRect();
                     const bars = [...svg.querySelectorAll('rect.bar')].map(b => { const x = b.getBoundingClientRect();
                       return { cls: b.getAttribute('class'), x: x.x, y: x.y, width: x.width, height: x.height, fill: getComputedStyle(b).fill }; });
                     return { width: r.width, height: r.height, bars, dpr: window.devicePixelRatio }; })()
            """))!.AsObject();
        Assert.True(chart["width"]!.GetValue<double>() > 100 && chart["height"]!.GetValue<double>() > 50, chart.ToJsonString());
        var bars = chart["bars"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal(Vulnerabilities.Model.Severities.Ordered.Count, bars.Count);
        var critical = bars.Single(b => b["cls"]!.GetValue<string>().Contains("critical"));
        Assert.Equal("rgb(123, 0, 21)", critical["fill"]!.GetValue<string>());
        // One critical match of three: the largest count is 1, so the critical bar is drawn at full length.
        Assert.True(critical["width"]!.GetValue<double>() > 300, critical.ToJsonString());

        var shot = await page.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        var png = Convert.FromBase64String(shot["data"]!.GetValue<string>());
        var screenshot = Path.Combine(ArtifactsDir, "html-report.png");
        await File.WriteAllBytesAsync(screenshot, png);
        output.WriteLine($"screenshot: {screenshot}");
        Console.WriteLine($"html report screenshot: {screenshot}");

        // The pixels under the critical bar are the bar's colour: the chart is really drawn, not just in the DOM.
        var image = PngImage.Decode(png);
        var dpr = chart["dpr"]!.GetValue<double>();
        var x = (int)((critical["x"]!.GetValue<double>() + (critical["width"]!.GetValue<double>() / 2)) * dpr);
        var y = (int)((critical["y"]!.GetValue<double>() + (critical["height"]!.GetValue<double>() / 2)) * dpr);
        Assert.True(x < image.Width && y < image.Height, $"critical bar at {x},{y} is outside the {image.Width}x{image.Height} screenshot");
        Assert.Equal(((byte)123, (byte)0, (byte)21), image.Pixel(x, y));
        Assert.Empty(Errors(page));
    }

    [Fact]
    public async Task The_console_check_sees_errors_and_exceptions_when_a_page_has_them()
    {
        // The oracle above must be able to fail: a page that logs an error and throws is caught by the same collector.
        var html = Path.Combine(TestPaths.NewTempDir(), "broken.html");
        await File.WriteAllTextAsync(html, "<!DOCTYPE html><html><body><script>console.error('drawn wrong'); undefinedFunction();</script></body></html>");

        using var browser = await HeadlessChromium.LaunchAsync(LaunchTimeout);
        await using var page = await OpenAsync(browser, html);

        var errors = Errors(page);
        Assert.Contains(errors, e => e.Contains("drawn wrong"));
        Assert.Contains(errors, e => e.Contains("undefinedFunction"));
    }

    private static async Task<DevToolsSession> OpenAsync(HeadlessChromium browser, string file)
    {
        var page = await DevToolsSession.OpenPageAsync(browser.BrowserSocket, CommandTimeout);
        await page.SendAsync("Runtime.enable");
        await page.SendAsync("Log.enable");
        await page.SendAsync("Page.enable");
        var loaded = page.WaitForEventAsync("Page.loadEventFired");
        var navigated = await page.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(file).AbsoluteUri });
        Assert.Null(navigated["errorText"]);
        await loaded;
        return page;
    }

    /// <summary>console.error/assert calls, uncaught exceptions and browser log errors (failed loads, CSP), as text.</summary>
    private static List<string> Errors(DevToolsSession page) => page.Events.Select(e => (Method: e["method"]!.GetValue<string>(), Params: e["params"]!)).Select(e => e.Method switch
    {
        "Runtime.consoleAPICalled" when e.Params["type"]!.GetValue<string>() is "error" or "assert" =>
            "console: " + string.Join(" ", e.Params["args"]!.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString())),
        "Runtime.exceptionThrown" => "exception: " + (e.Params["exceptionDetails"]?["exception"]?["description"] ?? e.Params["exceptionDetails"]?["text"])?.ToString(),
        "Log.entryAdded" when e.Params["entry"]!["level"]!.GetValue<string>() == "error" => "log: " + e.Params["entry"]!["text"],
        _ => null,
    }).OfType<string>().ToList();
}
