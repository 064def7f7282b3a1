namespace Tollgate.Service.Http;

/// <summary>
/// Streams an uploaded body (image archive, SBOM) to a file in the service's spool dir, counting bytes as they
/// arrive: never held in memory, refused past the size bound whatever Content-Length claimed.
/// </summary>
public static class UploadSpool
{
    public static string Dir(ServiceOptions options) => Path.Combine(options.ResolvedDataDir, "spool");

    /// <summary>The spooled file's path; null (and nothing left behind) when the body exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> SaveAsync(HttpRequest request, ServiceOptions options, long maxBytes, string extension, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var dir = Dir(options);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{Guid.NewGuid():n}{extension}");
        var complete = false;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        return null;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            complete = true;
            return path;
        }
        finally
        {
            if (!complete)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>True for a file this spool created (only those may be deleted after their job).</summary>
    public static bool Owns(ServiceOptions options, string path) =>
        Path.GetFullPath(path).StartsWith(Dir(options) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
