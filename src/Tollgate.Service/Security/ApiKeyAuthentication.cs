using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Service.Security;

/// <summary>
/// Authentication on by default: every request except /health and /ready needs the admin key, sent as
/// `Authorization: Bearer KEY` or HTTP Basic (any user, password = key) for Anchore clients. The key is kept only as
/// a salted PBKDF2 hash and compared in constant time.
/// </summary>
public sealed class ApiKeyAuthentication
{
    private const int Iterations = 100_000;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _hash;

    public ApiKeyAuthentication(string adminKey)
    {
        if (string.IsNullOrEmpty(adminKey))
        {
            throw new ArgumentException("an admin key is required (TOLLGATE_ADMIN_KEY or --admin-key-file FILE)", nameof(adminKey));
        }

        _hash = Hash(adminKey);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || Accepts(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"tollgate\"";
    }

    private bool Accepts(string header)
    {
        string? key = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                key = pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..];
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return !string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(Hash(key), _hash);
    }

    private byte[] Hash(string key) => Rfc2898DeriveBytes.Pbkdf2(key, _salt, Iterations, HashAlgorithmName.SHA256, 32);
}
