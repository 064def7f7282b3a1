using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Tollgate.Service.Admission;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Admission;

/// <summary>HTTPS from certificate files that are swapped while the server runs; the optional bearer token.</summary>
public sealed class AdmissionTlsTests : IAsyncLifetime
{
    private readonly string _dir = TestPaths.NewTempDir();
    private WebApplication? _app;
    private byte[] _trusted = [];

    private string CertFile => Path.Combine(_dir, "tls.crt");
    private string KeyFile => Path.Combine(_dir, "tls.key");
    private string TokenFile => Path.Combine(_dir, "token");

    public async Task InitializeAsync()
    {
        WriteCertificate("tollgate-one");
        File.WriteAllText(TokenFile, "apiserver-token\n");
        var options = new ServiceOptions
        {
            Store = "sqlite:" + Path.Combine(_dir, "t.db"),
            Admission = new AdmissionOptions { TlsCertFile = CertFile, TlsKeyFile = KeyFile, TokenFile = TokenFile, ReloadCheckInterval = TimeSpan.Zero },
        };
        _app = ServiceApp.Build(options, "admin-key", "https://127.0.0.1:0");
        await _app.StartAsync();
    }

    [Fact]
    public async Task ServesHttpsWithTheCertificateFilesAndPicksUpARenewalWithoutRestart()
    {
        var (status, subject) = await Call("apiserver-token");
        Assert.Equal((HttpStatusCode.OK, "CN=tollgate-one"), (status, subject));

        WriteCertificate("tollgate-two");
        (status, subject) = await Call("apiserver-token");
        Assert.Equal((HttpStatusCode.OK, "CN=tollgate-two"), (status, subject));

        // A half-written renewal keeps the previous certificate instead of breaking TLS.
        File.WriteAllText(CertFile, "-----BEGIN CERTIFICATE-----\ntruncated");
        File.SetLastWriteTimeUtc(CertFile, DateTime.UtcNow.AddSeconds(5));
        (status, subject) = await Call("apiserver-token");
        Assert.Equal((HttpStatusCode.OK, "CN=tollgate-two"), (status, subject));
    }

    [Fact]
    public async Task WithATokenFileOnlyTheTokenHolderGetsAReviewAndTheApiKeepsItsOwnAuth()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call("wrong")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Call("apiserver-token")).Status);

        using var client = Client(out _);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/images")).StatusCode);
    }

    [Fact]
    public void UnreadableCertificateFilesStopTheStartNamingThem()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.crt"), "not a certificate");
        var options = new ServiceOptions
        {
            Store = "sqlite:" + Path.Combine(_dir, "t2.db"),
            Admission = new AdmissionOptions { TlsCertFile = Path.Combine(_dir, "bad.crt"), TlsKeyFile = KeyFile },
        };
        var e = Assert.Throws<InvalidOperationException>(() => ServiceApp.Build(options, "admin-key", "https://127.0.0.1:0"));
        Assert.Contains("bad.crt", e.Message);
        Assert.Contains("tls.key", e.Message);
    }

    /// <summary>A fresh connection (new client), so each call does its own TLS handshake; returns the status and the served certificate's subject.</summary>
    private async Task<(HttpStatusCode Status, string? Subject)> Call(string? token)
    {
        using var client = Client(out var served);
        using var request = new HttpRequestMessage(HttpMethod.Post, AdmissionWebhook.ValidatePath)
        {
            Content = new StringContent(Reviews.For("Pod", "tls", "kube-system", ["nginx"]).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"response\"", body);
        return (response.StatusCode, served.Value);
    }

    private HttpClient Client(out StrongBox<string?> served)
    {
        var box = new StrongBox<string?>();
        served = box;
        var handler = new HttpClientHandler
        {
            // The test trusts exactly the last certificate it issued (self-signed, as a caBundle would pin it).
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                box.Value = cert?.Subject;
                return cert is not null && cert.RawData.AsSpan().SequenceEqual(_trusted);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(_app!.Urls.First()) };
    }

    private void WriteCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var before = File.Exists(CertFile) ? File.GetLastWriteTimeUtc(CertFile) : DateTime.UtcNow;
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertFile, certificate.ExportCertificatePem());
        _trusted = certificate.RawData;
        File.SetLastWriteTimeUtc(CertFile, before.AddSeconds(1));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
