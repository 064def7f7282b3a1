using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.TestSupport.Registry;

/// <summary>
/// A tiny token server for the registry's `auth.token` mode: checks basic credentials, grants the scope asked for,
/// and signs an RS256 JWT whose x5c header carries a self-signed certificate the registry trusts (rootcertbundle).
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string Issuer = "tollgate-test-issuer";
    public const string Service = "tollgate-test-registry";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _username;
    private readonly string _password;
    private readonly Task _loop;

    private TokenIssuer(int port, string username, string password)
    {
        _username = username;
        _password = password;
        var request = new CertificateRequest("CN=tollgate test token issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>URL the registry sends clients to (the WWW-Authenticate realm).</summary>
    public string Realm { get; }

    /// <summary>Tokens issued so far (lets tests prove the bearer flow really ran).</summary>
    public int TokensIssued { get; private set; }

    public static TokenIssuer Start(string username, string password) => new(LocalRegistry.FreePort(), username, password);

    /// <summary>The signing certificate as PEM, for the registry's rootcertbundle.</summary>
    public string CertificatePem() => _certificate.ExportCertificatePem();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _certificate.Dispose();
        _key.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        if (!Authorized(context.Request.Headers["Authorization"]))
        {
            context.Response.StatusCode = 401;
            context.Response.AddHeader("WWW-Authenticate", "Basic realm=\"tollgate-token\"");
            return;
        }

        var scopes = context.Request.QueryString.GetValues("scope") ?? [];
        var token = Sign(scopes);
        TokensIssued++;
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = 300,
            ["issued_at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        });
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
    }

    private bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        return decoded == $"{_username}:{_password}";
    }

    // Grants every action asked for on each "repository:NAME:ACTIONS" scope.
    private string Sign(IEnumerable<string> scopes)
    {
        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = scope.Split(':');
            if (parts.Length < 3)
            {
                continue;
            }

            var actions = new JsonArray();
            foreach (var action in parts[^1].Split(','))
            {
                actions.Add(action);
            }

            access.Add(new JsonObject { ["type"] = parts[0], ["name"] = string.Join(':', parts[1..^1]), ["actions"] = actions });
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = _username,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
