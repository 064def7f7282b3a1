using System.Text;

namespace Tollgate.Service.Http;

/// <summary>Reads a small text body (a policy bundle, a registry entry) with a size bound, never trusting Content-Length.</summary>
public static class BodyText
{
    /// <summary>The body as UTF-8 text; null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
