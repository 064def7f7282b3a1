using System.Security.Cryptography.X509Certificates;

namespace Tollgate.Service.Admission.Tls;

/// <summary>
/// The HTTPS certificate from PEM files, re-read when either file changes (cert-manager renewals, rotated secrets),
/// handed to Kestrel per TLS handshake. An unreadable pair at start is an error naming the files; later, a
/// half-written renewal keeps the previous certificate until the pair reads again.
/// </summary>
public sealed class WebhookCertificate
{
    private readonly WatchedFiles<X509Certificate2> _files;

    public WebhookCertificate(string certFile, string keyFile, TimeSpan checkInterval)
    {
        _files = new WatchedFiles<X509Certificate2>([certFile, keyFile], () => Load(certFile, keyFile), checkInterval);
        try
        {
            _ = _files.Current;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"admission TLS: cannot load certificate {certFile} with key {keyFile}: {e.Message}", e);
        }
    }

    public X509Certificate2 Current => _files.Current;

    private static X509Certificate2 Load(string certFile, string keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        return certificate.NotAfter < DateTime.Now
            ? throw new System.Security.Cryptography.CryptographicException($"certificate {certFile} expired on {certificate.NotAfter:u}")
            : certificate;
    }
}
