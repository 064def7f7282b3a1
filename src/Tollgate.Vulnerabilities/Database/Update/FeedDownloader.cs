using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Tollgate.Vulnerabilities.Database.Update;

/// <summary>What a download produced: a file to import, or nothing because the server said "not modified".</summary>
public sealed record DownloadResult(FeedSource Source, string? File, string? ETag, string? LastModified, bool Resumed)
{
    /// <summary>The time the source is known complete up to (stored as its last sync); null: when the import ran.</summary>
    public DateTimeOffset? SyncedUpTo { get; init; }

    /// <summary>Only changed records: they replace their own earlier rows, the source's other records stay.</summary>
    public bool Incremental { get; init; }
}

/// <summary>
/// Downloads one feed: conditional GET (If-None-Match / If-Modified-Since from the last sync), resumes a partial
/// download with Range/If-Range, verifies a published "URL.sha256" when the server has one, unpacks .gz, and
/// shows progress when stderr is a terminal.
/// </summary>
public sealed class FeedDownloader(HttpClient http, string workDir, TextWriter? progress)
{
    public async Task<DownloadResult> FetchAsync(FeedSource source, (string? Url, string? ETag, string? LastModified) previous, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDir);
        var fileName = Path.GetFileName(new Uri(source.Url).AbsolutePath);
        fileName = string.IsNullOrEmpty(fileName) ? "feed" : fileName;
        var part = Path.Combine(workDir, source.Name + ".part");
        var partTag = part + ".etag";

        using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
        var sameUrl = previous.Url == source.Url;
        if (sameUrl && previous.ETag is not null && EntityTagHeaderValue.TryParse(previous.ETag, out var etag))
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        if (sameUrl && previous.LastModified is not null && DateTimeOffset.TryParse(previous.LastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        long offset = 0;
        if (File.Exists(part) && File.Exists(partTag) && new FileInfo(part).Length > 0)
        {
            // Resume only the same representation: If-Range makes the server send all of it if it changed.
            offset = new FileInfo(part).Length;
            request.Headers.Range = new RangeHeaderValue(offset, null);
            var tag = await File.ReadAllTextAsync(partTag, cancellationToken);
            if (EntityTagHeaderValue.TryParse(tag, out var partEtag))
            {
                request.Headers.IfRange = new RangeConditionHeaderValue(partEtag);
            }
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new DownloadResult(source, null, previous.ETag, previous.LastModified, false);
        }

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(part);
            File.Delete(partTag);
            return await FetchAsync(source, previous, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source.Name}: {source.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var resumed = response.StatusCode == HttpStatusCode.PartialContent;
        var newTag = response.Headers.ETag?.ToString();
        if (newTag is not null)
        {
            await File.WriteAllTextAsync(partTag, newTag, cancellationToken);
        }

        var total = response.Content.Headers.ContentLength + (resumed ? offset : 0);
        await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken))
        await using (var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write))
        {
            var buffer = new byte[81920];
            var done = resumed ? offset : 0;
            int n;
            while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                done += n;
                progress?.Write($"\r{source.Name}: {done / 1024} KiB" + (total is { } t ? $" of {t / 1024} KiB" : ""));
            }
        }

        progress?.WriteLine();
        await VerifyChecksumAsync(source, part, cancellationToken);

        var lastModified = response.Content.Headers.LastModified?.ToString("R");
        var final = Path.Combine(workDir, source.Name, fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        if (fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            await using var gz = new GZipStream(File.OpenRead(part), CompressionMode.Decompress);
            await using var unpacked = File.Create(final);
            await gz.CopyToAsync(unpacked, cancellationToken);
            File.Delete(part);
        }
        else
        {
            File.Move(part, final, overwrite: true);
        }

        File.Delete(partTag);
        return new DownloadResult(source, final, newTag, lastModified, resumed);
    }

    /// <summary>Where the publisher offers "URL.sha256", the download must match it; no sidecar, no check.</summary>
    private async Task VerifyChecksumAsync(FeedSource source, string file, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(source.Url + ".sha256", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return;
        }

        var expected = (await response.Content.ReadAsStringAsync(cancellationToken)).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant();
        await using var s = File.OpenRead(file);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(s, cancellationToken));
        if (expected is not null && expected != actual)
        {
            File.Delete(file);
            throw new InvalidDataException($"{source.Name}: {source.Url} sha256 {actual} does not match the published {expected}");
        }
    }
}
