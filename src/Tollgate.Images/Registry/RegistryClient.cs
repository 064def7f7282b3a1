using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Tollgate.Images.Model;
using Tollgate.Images.References;

namespace Tollgate.Images.Registry;

/// <summary>
/// OCI distribution v2 client for one repository: scheme probing (HTTPS; plain HTTP only when Insecure), the
/// WWW-Authenticate flow (anonymous, Basic, Bearer tokens), retries with backoff on 429/5xx/connection resets,
/// manifests and resumable blob streams.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private const int MaxAttempts = 5;

    private readonly string _source;
    private readonly RegistryReference _reference;
    private readonly ImageLoadOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly RegistryCredentials? _credentials;
    private Uri? _base;
    private AuthenticationHeaderValue? _authorization;

    public RegistryClient(string source, RegistryReference reference, ImageLoadOptions options)
    {
        _source = source;
        _reference = reference;
        _options = options;
        _credentials = RegistryCredentials.Find(reference.Host, options, source);
        _http = new HttpClient(CreateHandler(options.CaFile, source), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("tollgate/0.1");
    }

    /// <summary>Base delay of the retry backoff (tests shorten it).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Fetches a manifest by tag or digest; returns its bytes, digest and media type.</summary>
    public async Task<(byte[] Bytes, string Digest, string? MediaType)> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        var what = $"manifest {_reference.Repository}:{reference}";
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"manifests/{reference}"));
            foreach (var type in MediaTypes.Manifests)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            return request;
        }, what, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var bytes = await ReadBoundedAsync(response, what, cancellationToken);
        var digest = Layers.Digests.Sha256(bytes);
        if (reference.Contains(':'))
        {
            Layers.Digests.Verify(bytes, reference, _source, what);
            digest = reference;
        }

        return (bytes, digest, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Reads a small blob (a config) whole and verifies its digest.</summary>
    public async Task<byte[]> GetJsonBlobAsync(OciDescriptor descriptor, string what, CancellationToken cancellationToken)
    {
        Layers.Digests.RequireValid(descriptor.Digest, _source, what);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"blobs/{descriptor.Digest}")),
            what, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var bytes = await ReadBoundedAsync(response, what, cancellationToken);
        Layers.Digests.Verify(bytes, descriptor.Digest, _source, what);
        return bytes;
    }

    /// <summary>Opens a blob as a stream that resumes with a Range request when the connection drops mid-way.</summary>
    public async Task<Stream> OpenBlobAsync(OciDescriptor descriptor, string what, CancellationToken cancellationToken)
    {
        Layers.Digests.RequireValid(descriptor.Digest, _source, what);
        var first = await OpenBlobAtAsync(descriptor.Digest, 0, what, cancellationToken);
        return new ResumableBlobStream(first, (offset, ct) => OpenBlobAtAsync(descriptor.Digest, offset, what, ct), MaxAttempts);
    }

    public void Dispose()
    {
        _http.Dispose();
        _authLock.Dispose();
    }

    private async Task<HttpResponseMessage> OpenBlobAtAsync(string digest, long offset, string what, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"blobs/{digest}"));
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            return request;
        }, what, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return response;
    }

    private Uri Url(string path) => new(_base!, $"/v2/{_reference.Repository}/{path}");

    /// <summary>Sends with auth and retries; returns a success response or throws an ImageException naming the status.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, string what, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        await EnsureConnectedAsync(cancellationToken);
        var reauthenticated = false;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = make();
                request.Headers.Authorization = _authorization;
                response = await _http.SendAsync(request, completion, cancellationToken);
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(Backoff(attempt, null), cancellationToken);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new ImageException(_source, $"{what}: cannot reach {_base}: {e.Message}", e);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized && !reauthenticated)
            {
                // The challenge may ask for a different scope than the ping did; authenticate once more.
                reauthenticated = true;
                var challenge = AuthChallenge.From(response.Headers.WwwAuthenticate);
                response.Dispose();
                await AuthenticateAsync(challenge, cancellationToken);
                attempt--;
                continue;
            }

            if ((status == HttpStatusCode.TooManyRequests || (int)status >= 500) && attempt < MaxAttempts)
            {
                var delay = Backoff(attempt, response.Headers.RetryAfter);
                response.Dispose();
                await Task.Delay(delay, cancellationToken);
                continue;
            }

            var problem = status switch
            {
                HttpStatusCode.Unauthorized => $"authentication failed ({Describe(status)}){CredentialHint()}",
                HttpStatusCode.Forbidden => $"access denied ({Describe(status)}){CredentialHint()}",
                HttpStatusCode.NotFound => $"not found in {_reference.Host}/{_reference.Repository} ({Describe(status)})",
                _ => $"registry answered {Describe(status)}",
            };
            response.Dispose();
            throw new ImageException(_source, $"{what}: {problem}");
        }
    }

    private string CredentialHint() => _credentials is null
        ? "; no credentials given (--username/--password, TOLLGATE_REGISTRY_USERNAME/PASSWORD or docker config.json)"
        : $"; credentials for user '{_credentials.Username}' from {_credentials.Origin} were rejected";

    private static string Describe(HttpStatusCode status) => $"{(int)status} {status}";

    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(30))
        {
            return delta;
        }

        return TimeSpan.FromMilliseconds(Math.Min(RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), 8000));
    }

    internal static bool IsTransient(Exception e) =>
        e.InnerException is IOException or SocketException || e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError };

    // Pings /v2/ once: picks the scheme and, when challenged, authenticates before the first real request.
    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_base is not null)
        {
            return;
        }

        await _authLock.WaitAsync(cancellationToken);
        try
        {
            if (_base is not null)
            {
                return;
            }

            var https = new Uri($"https://{_reference.ApiHost}/");
            HttpResponseMessage ping;
            try
            {
                ping = await _http.GetAsync(new Uri(https, "/v2/"), cancellationToken);
                _base = https;
            }
            catch (HttpRequestException e) when (_options.Insecure)
            {
                var http = new Uri($"http://{_reference.ApiHost}/");
                try
                {
                    ping = await _http.GetAsync(new Uri(http, "/v2/"), cancellationToken);
                }
                catch (HttpRequestException inner)
                {
                    throw new ImageException(_source, $"cannot reach {_reference.ApiHost} over HTTPS ({e.Message}) or HTTP ({inner.Message})", inner);
                }

                _base = http;
            }
            catch (HttpRequestException e)
            {
                var hint = e.InnerException is System.Security.Authentication.AuthenticationException or IOException
                    ? " (a plain-HTTP registry needs --insecure; an unknown CA needs --ca-file)"
                    : "";
                throw new ImageException(_source, $"cannot reach https://{_reference.ApiHost}/v2/: {e.Message}{hint}", e);
            }

            using (ping)
            {
                if (ping.StatusCode == HttpStatusCode.Unauthorized)
                {
                    await AuthenticateLockedAsync(AuthChallenge.From(ping.Headers.WwwAuthenticate), cancellationToken);
                }
            }
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task AuthenticateAsync(AuthChallenge? challenge, CancellationToken cancellationToken)
    {
        await _authLock.WaitAsync(cancellationToken);
        try
        {
            await AuthenticateLockedAsync(challenge, cancellationToken);
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task AuthenticateLockedAsync(AuthChallenge? challenge, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            throw new ImageException(_source, $"{_reference.Host} answered 401 without a WWW-Authenticate challenge");
        }

        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_credentials is null)
            {
                throw new ImageException(_source, $"{_reference.Host} requires a username and password{CredentialHint()}");
            }

            _authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicHeaderValue);
            return;
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge["realm"] is not { } realm)
        {
            throw new ImageException(_source, $"{_reference.Host} asks for unsupported authentication '{challenge.Scheme}'");
        }

        _authorization = new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(realm, challenge, cancellationToken));
    }

    private async Task<string> FetchTokenAsync(string realm, AuthChallenge challenge, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge["service"] is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.Add("scope=" + Uri.EscapeDataString(challenge["scope"] ?? $"repository:{_reference.Repository}:pull"));
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || (realmUri.Scheme != "https" && !(realmUri.Scheme == "http" && _options.Insecure)))
        {
            throw new ImageException(_source, $"token realm '{realm}' is not an HTTPS URL (plain HTTP needs --insecure)");
        }

        var url = realm + (realm.Contains('?') ? "&" : "?") + string.Join('&', query);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_credentials is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicHeaderValue);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts && IsTransient(e))
            {
                await Task.Delay(Backoff(attempt, null), cancellationToken);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new ImageException(_source, $"token service {realm} unreachable: {e.Message}", e);
            }

            using (response)
            {
                if (((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests) && attempt < MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt, response.Headers.RetryAfter), cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ImageException(_source, $"authentication failed: token service {realm} answered {Describe(response.StatusCode)}{CredentialHint()}");
                }

                var body = await ReadBoundedAsync(response, "token response", cancellationToken);
                var token = OciJson.Parse(body, OciJsonContext.Default.TokenResponse, _source, $"token response from {realm}");
                return token.Token ?? token.AccessToken
                    ?? throw new ImageException(_source, $"token response from {realm} holds no token");
            }
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var max = _options.Limits.MaxJsonBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new ImageException(_source, $"{what} is {response.Content.Headers.ContentLength} bytes, over the {max}-byte limit for JSON documents");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > max)
            {
                throw new ImageException(_source, $"{what} is over the {max}-byte limit for JSON documents");
            }
        }

        return buffer.ToArray();
    }

    private static SocketsHttpHandler CreateHandler(string? caFile, string source)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 16,
        };
        if (caFile is null)
        {
            return handler;
        }

        var extra = new X509Certificate2Collection();
        try
        {
            extra.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new ImageException(source, $"cannot read CA file {caFile}: {e.Message}", e);
        }

        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(extra);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        };
        return handler;
    }
}
