using System.Globalization;
using System.Text.Json;

namespace Tollgate.Vulnerabilities.Database.Update;

/// <summary>
/// Downloads the NVD CVE API 2.0 (or a mirror of it) page by page: startIndex advances by each page's record count
/// until totalResults. Every page is written to its own file as soon as it is complete, so a run that stops (killed,
/// rate-limited, network down) resumes at the first missing page. The NVD asks unauthenticated clients for at most
/// 5 requests per 30 s (50 with an API key, sent from NVD_API_KEY): requests to nvd.nist.gov are spaced accordingly.
/// A "resultsPerPage=N" in the source URL sets the page size (`--source nvd=URL?resultsPerPage=500`). Once the DB
/// holds NVD records, later runs ask only for records modified since the last successful sync
/// (lastModStartDate/lastModEndDate, in windows of at most 120 days as the API requires).
/// </summary>
public sealed class NvdPager(HttpClient http, string workDir, TextWriter? progress)
{
    /// <summary>The API's own maximum page size.</summary>
    public const int MaxPageSize = 2000;

    /// <summary>A source is paged when its URL is the CVE API 2.0 endpoint ("…/cves/2.0").</summary>
    public static bool IsNvdApi(FeedSource source) =>
        new Uri(source.Url).AbsolutePath.TrimEnd('/').EndsWith("/cves/2.0", StringComparison.OrdinalIgnoreCase);

    /// <summary>The longest lastModStartDate..lastModEndDate span the API accepts in one query.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(120);

    /// <summary>
    /// Every record (<paramref name="since"/> null), or only those modified since the last successful sync, in
    /// windows of at most <see cref="MaxWindow"/> up to now. The result's SyncedUpTo is the end of the last
    /// window: the next run starts there, so nothing modified while this run downloaded is missed.
    /// </summary>
    public async Task<DownloadResult> FetchAsync(FeedSource source, CancellationToken cancellationToken, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        var pages = Path.Combine(workDir, source.Name, "pages");
        Directory.CreateDirectory(pages);
        var apiKey = Environment.GetEnvironmentVariable("NVD_API_KEY");
        var pause = new Uri(source.Url).Host.EndsWith("nvd.nist.gov", StringComparison.OrdinalIgnoreCase)
            ? TimeSpan.FromSeconds(string.IsNullOrEmpty(apiKey) ? 6 : 0.6)
            : TimeSpan.Zero;

        var end = Seconds(until ?? DateTimeOffset.UtcNow);
        var windows = Windows(since, end);
        RemoveStaleWindows(pages, windows);
        var fetched = 0;
        foreach (var window in windows)
        {
            var dir = window is { } w ? Path.Combine(pages, WindowName(w)) : pages;
            Directory.CreateDirectory(dir);
            var start = 0;
            var total = int.MaxValue;
            while (start < total)
            {
                var file = Path.Combine(dir, $"{start:D9}.json");
                if (!File.Exists(file))
                {
                    if (fetched++ > 0)
                    {
                        await Task.Delay(pause, cancellationToken);
                    }

                    await DownloadPageAsync(source, start, window, apiKey, file, cancellationToken);
                }

                var (count, pageTotal) = ReadPage(source, file);
                total = pageTotal;
                if (count == 0 && start < total)
                {
                    File.Delete(file);
                    throw new InvalidDataException($"{source.Name}: page at startIndex={start} is empty while totalResults is {total}");
                }

                start += count;
                progress?.Write($"\r{source.Name}: {Math.Min(start, total)} of {total} CVEs{(window is { } x ? $" modified {x.Start:yyyy-MM-dd}..{x.End:yyyy-MM-dd}" : "")}");
            }
        }

        progress?.WriteLine();
        var onDisk = Directory.GetFiles(pages, "*.json", SearchOption.AllDirectories).Length;
        return new DownloadResult(source, pages, null, null, Resumed: fetched < onDisk) { SyncedUpTo = end, Incremental = since is not null };
    }

    /// <summary>One null window (everything) without a last sync; else consecutive windows of at most 120 days up to <paramref name="end"/>.</summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)?> Windows(DateTimeOffset? since, DateTimeOffset end)
    {
        if (since is null)
        {
            return [null];
        }

        var windows = new List<(DateTimeOffset, DateTimeOffset)?>();
        var from = Seconds(since.Value);
        do
        {
            var to = from + MaxWindow < end ? from + MaxWindow : end;
            windows.Add((from, to));
            from = to;
        }
        while (from < end);
        return windows;
    }

    /// <summary>Pages of windows this run does not ask for (a full download, or a last window that ended earlier) are dropped.</summary>
    private static void RemoveStaleWindows(string pages, List<(DateTimeOffset Start, DateTimeOffset End)?> windows)
    {
        var wanted = windows.Select(w => w is { } x ? WindowName(x) : null).ToHashSet();
        foreach (var dir in Directory.GetDirectories(pages).Where(d => !wanted.Contains(Path.GetFileName(d))))
        {
            Directory.Delete(dir, recursive: true);
        }

        if (!wanted.Contains(null))
        {
            foreach (var file in Directory.GetFiles(pages))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Sortable, so windows import oldest first and a record changed in two windows ends as its latest.</summary>
    private static string WindowName((DateTimeOffset Start, DateTimeOffset End) w) =>
        string.Create(CultureInfo.InvariantCulture, $"{w.Start.UtcDateTime:yyyyMMddTHHmmss}-{w.End.UtcDateTime:yyyyMMddTHHmmss}");

    private static DateTimeOffset Seconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The API's date form: "2021-08-04T13:00:00.000+00:00", the plus sign escaped.</summary>
    private static string ApiDate(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "%2B00:00";

    /// <summary>The source URL with this page's startIndex, the page size (its own resultsPerPage, else the maximum) and the window.</summary>
    private static string PageUrl(FeedSource source, int start, (DateTimeOffset Start, DateTimeOffset End)? window)
    {
        var uri = new Uri(source.Url);
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var size = MaxPageSize;
        string[] ours = ["resultsPerPage=", "startIndex=", "lastModStartDate=", "lastModEndDate="];
        foreach (var q in query.Where(q => ours.Any(o => q.StartsWith(o, StringComparison.Ordinal))).ToList())
        {
            query.Remove(q);
            if (q.StartsWith("resultsPerPage=", StringComparison.Ordinal) && int.TryParse(q["resultsPerPage=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxPageSize)
            {
                size = n;
            }
        }

        if (window is { } w)
        {
            query.Add("lastModStartDate=" + ApiDate(w.Start));
            query.Add("lastModEndDate=" + ApiDate(w.End));
        }

        query.Add(string.Create(CultureInfo.InvariantCulture, $"startIndex={start}"));
        query.Add(string.Create(CultureInfo.InvariantCulture, $"resultsPerPage={size}"));
        return uri.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', query);
    }

    private async Task DownloadPageAsync(FeedSource source, int start, (DateTimeOffset Start, DateTimeOffset End)? window, string? apiKey, string file, CancellationToken cancellationToken)
    {
        var url = PageUrl(source, start, window);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("apiKey", apiKey);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source.Name}: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}; pages already fetched are kept for the next run");
        }

        // Written beside, then renamed: a page file on disk is always a whole page.
        var part = file + ".part";
        await using (var output = File.Create(part))
        {
            await response.Content.CopyToAsync(output, cancellationToken);
        }

        try
        {
            ReadPage(source, part);
        }
        catch (InvalidDataException)
        {
            File.Delete(part);
            throw;
        }

        File.Move(part, file, overwrite: true);
    }

    /// <summary>The page's record count and totalResults, refusing anything that is not an API 2.0 page.</summary>
    private static (int Count, int Total) ReadPage(FeedSource source, string file)
    {
        try
        {
            using var s = File.OpenRead(file);
            using var doc = JsonDocument.Parse(s);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("totalResults", out var total) || !total.TryGetInt32(out var t)
                || !root.TryGetProperty("vulnerabilities", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source.Name}: {Path.GetFileName(file)} is not an NVD CVE API 2.0 page (no totalResults/vulnerabilities)");
            }

            return (list.GetArrayLength(), t);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source.Name}: {Path.GetFileName(file)} is not JSON ({e.Message})");
        }
    }
}
