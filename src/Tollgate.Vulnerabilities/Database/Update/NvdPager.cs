using System.Globalization;
using System.Text.Json;

namespace Tollgate.Vulnerabilities.Database.Update;

/// <summary>
/// Downloads the NVD CVE API 2.0 (or a mirror of it) page by page: startIndex advances by each page's record count
/// until totalResults. Every page is written to its own file as soon as it is complete, so a run that stops (killed,
/// rate-limited, network down) resumes at the first missing page. The NVD asks unauthenticated clients for at most
/// 5 requests per 30 s (50 with an API key, sent from NVD_API_KEY): requests to nvd.nist.gov are spaced accordingly.
/// A "resultsPerPage=N" in the source URL sets the page size (`--source nvd=URL?resultsPerPage=500`).
/// </summary>
public sealed class NvdPager(HttpClient http, string workDir, TextWriter? progress)
{
    /// <summary>The API's own maximum page size.</summary>
    public const int MaxPageSize = 2000;

    /// <summary>A source is paged when its URL is the CVE API 2.0 endpoint ("…/cves/2.0").</summary>
    public static bool IsNvdApi(FeedSource source) =>
        new Uri(source.Url).AbsolutePath.TrimEnd('/').EndsWith("/cves/2.0", StringComparison.OrdinalIgnoreCase);

    public async Task<DownloadResult> FetchAsync(FeedSource source, CancellationToken cancellationToken)
    {
        var pages = Path.Combine(workDir, source.Name, "pages");
        Directory.CreateDirectory(pages);
        var apiKey = Environment.GetEnvironmentVariable("NVD_API_KEY");
        var pause = new Uri(source.Url).Host.EndsWith("nvd.nist.gov", StringComparison.OrdinalIgnoreCase)
            ? TimeSpan.FromSeconds(string.IsNullOrEmpty(apiKey) ? 6 : 0.6)
            : TimeSpan.Zero;

        var start = 0;
        var total = int.MaxValue;
        var fetched = 0;
        while (start < total)
        {
            var file = Path.Combine(pages, $"{start:D9}.json");
            if (!File.Exists(file))
            {
                if (fetched++ > 0)
                {
                    await Task.Delay(pause, cancellationToken);
                }

                await DownloadPageAsync(source, start, apiKey, file, cancellationToken);
            }

            var (count, pageTotal) = ReadPage(source, file);
            total = pageTotal;
            if (count == 0 && start < total)
            {
                File.Delete(file);
                throw new InvalidDataException($"{source.Name}: page at startIndex={start} is empty while totalResults is {total}");
            }

            start += count;
            progress?.Write($"\r{source.Name}: {Math.Min(start, total)} of {total} CVEs");
        }

        progress?.WriteLine();
        return new DownloadResult(source, pages, null, null, Resumed: fetched < Directory.GetFiles(pages).Length);
    }

    /// <summary>The source URL with this page's startIndex and the page size (its own resultsPerPage, else the maximum).</summary>
    private static string PageUrl(FeedSource source, int start)
    {
        var uri = new Uri(source.Url);
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var size = MaxPageSize;
        foreach (var q in query.Where(q => q.StartsWith("resultsPerPage=", StringComparison.Ordinal) || q.StartsWith("startIndex=", StringComparison.Ordinal)).ToList())
        {
            query.Remove(q);
            if (q.StartsWith("resultsPerPage=", StringComparison.Ordinal) && int.TryParse(q["resultsPerPage=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxPageSize)
            {
                size = n;
            }
        }

        query.Add(string.Create(CultureInfo.InvariantCulture, $"startIndex={start}"));
        query.Add(string.Create(CultureInfo.InvariantCulture, $"resultsPerPage={size}"));
        return uri.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', query);
    }

    private async Task DownloadPageAsync(FeedSource source, int start, string? apiKey, string file, CancellationToken cancellationToken)
    {
        var url = PageUrl(source, start);
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
