using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Tollgate.Service.Admission.Selection;

/// <summary>
/// Labels of a namespace for namespace selectors, read from the Kubernetes API with the pod's service account
/// (get on namespaces) and kept for a minute. Outside a cluster, or when the API does not answer within two
/// seconds, the answer is null and namespace selectors fall back to matching the namespace name only.
/// </summary>
public sealed class NamespaceLabels : IDisposable
{
    private const string ServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);

    private readonly HttpClient? _http;
    private readonly Func<string>? _token;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, string>? Labels, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <param name="apiServer">https://HOST:PORT of the API server; null: not in a cluster.</param>
    public NamespaceLabels(Uri? apiServer, Func<string>? token, HttpMessageHandler? handler = null, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        if (apiServer is not null && token is not null)
        {
            _http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: true) { BaseAddress = apiServer, Timeout = TimeSpan.FromSeconds(2) };
            _token = token;
        }
    }

    /// <summary>From KUBERNETES_SERVICE_HOST/PORT and the mounted service account token and CA, when present.</summary>
    public static NamespaceLabels InCluster()
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT") ?? "443";
        var tokenFile = Path.Combine(ServiceAccountDir, "token");
        var caFile = Path.Combine(ServiceAccountDir, "ca.crt");
        if (string.IsNullOrEmpty(host) || !File.Exists(tokenFile) || !File.Exists(caFile))
        {
            return new NamespaceLabels(null, null);
        }

        var ca = X509Certificate2.CreateFromPemFile(caFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, chain, _) =>
            {
                if (cert is null || chain is null)
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        // The projected token rotates; read it per call.
        return new NamespaceLabels(new Uri($"https://{(host.Contains(':') ? $"[{host}]" : host)}:{port}/"), () => File.ReadAllText(tokenFile).Trim(), handler);
    }

    public async Task<IReadOnlyDictionary<string, string>?> GetAsync(string? ns, CancellationToken cancellationToken)
    {
        if (_http is null || string.IsNullOrEmpty(ns))
        {
            return null;
        }

        var now = _clock.GetUtcNow();
        if (_cache.TryGetValue(ns, out var hit) && hit.Until > now)
        {
            return hit.Labels;
        }

        IReadOnlyDictionary<string, string>? labels = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/namespaces/{Uri.EscapeDataString(ns)}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token!());
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
                labels = SelectionSubject.Of(ns, null, null, doc.RootElement).Labels;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable API: namespace selectors match on the name only (Anchore falls back the same way).
        }

        _cache[ns] = (labels, now + Keep);
        return labels;
    }

    public void Dispose() => _http?.Dispose();
}
