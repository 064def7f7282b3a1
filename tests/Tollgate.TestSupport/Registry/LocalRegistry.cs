using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.TestSupport.Registry;

/// <summary>
/// A real `docker-registry` (Debian's distribution 2.8 binary) on 127.0.0.1 with filesystem storage in a temp dir,
/// in one of three auth modes. Plain HTTP, so clients need `Insecure`. Push with <see cref="PushOciLayoutAsync"/>.
/// <code>
/// await using var reg = await LocalRegistry.StartAsync(RegistryAuthMode.Token);
/// await reg.PushOciLayoutAsync(layoutDir, "alpine:3.20.3");   // → reg.Reference("alpine:3.20.3")
/// </code>
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    public const string RegistryBinary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly TokenIssuer? _issuer;

    private LocalRegistry(Process process, string root, int port, RegistryAuthMode mode, TokenIssuer? issuer)
    {
        _process = process;
        _issuer = issuer;
        Root = root;
        Port = port;
        Mode = mode;
    }

    public RegistryAuthMode Mode { get; }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Host => $"127.0.0.1:{Port}";

    public int Port { get; }

    /// <summary>Temp dir holding config, htpasswd, certificate and storage; deleted on dispose.</summary>
    public string Root { get; }

    /// <summary>The registry's storage root (filesystem driver).</summary>
    public string StorageDir => Path.Combine(Root, "storage");

    /// <summary>Valid credentials (null in anonymous mode).</summary>
    public string? Username => Mode == RegistryAuthMode.Anonymous ? null : "tollgate";

    public string? Password => Mode == RegistryAuthMode.Anonymous ? null : "s3cret-pass";

    /// <summary>Tokens the issuer handed out (token mode), to prove the bearer flow ran.</summary>
    public int TokensIssued => _issuer?.TokensIssued ?? 0;

    /// <summary>"registry:127.0.0.1:PORT/NAME" for a "repo:tag" or "repo@digest".</summary>
    public string Reference(string repoAndTag) => $"registry:{Host}/{repoAndTag}";

    public static async Task<LocalRegistry> StartAsync(RegistryAuthMode mode)
    {
        if (!File.Exists(RegistryBinary))
        {
            throw new FileNotFoundException($"{RegistryBinary} is missing: run scripts/install-deps.sh (package docker-registry)");
        }

        var root = TestPaths.NewTempDir();
        var port = FreePort();
        TokenIssuer? issuer = null;
        var auth = "";
        switch (mode)
        {
            case RegistryAuthMode.Basic:
                var line = await ProcessRunner.RunAsync("htpasswd", ["-Bbn", "tollgate", "s3cret-pass"]);
                await File.WriteAllTextAsync(Path.Combine(root, "htpasswd"), line.Trim() + "\n");
                auth = $"""
                    auth:
                      htpasswd:
                        realm: tollgate-basic
                        path: {Path.Combine(root, "htpasswd")}
                    """;
                break;
            case RegistryAuthMode.Token:
                issuer = TokenIssuer.Start("tollgate", "s3cret-pass");
                await File.WriteAllTextAsync(Path.Combine(root, "token-cert.pem"), issuer.CertificatePem());
                auth = $"""
                    auth:
                      token:
                        realm: {issuer.Realm}
                        service: {TokenIssuer.Service}
                        issuer: {TokenIssuer.Issuer}
                        rootcertbundle: {Path.Combine(root, "token-cert.pem")}
                    """;
                break;
        }

        var config = $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(root, "storage")}
              delete:
                enabled: true
              cache:
                blobdescriptor: ""
            http:
              addr: 127.0.0.1:{port}
              secret: tollgate-test-secret
            {auth}
            """;
        var configPath = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(configPath, config);

        var info = new ProcessStartInfo(RegistryBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(configPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start docker-registry");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var registry = new LocalRegistry(process, root, port, mode, issuer);
        try
        {
            await registry.WaitReadyAsync(log);
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }

        return registry;
    }

    /// <summary>
    /// Pushes an OCI layout (index.json with the tag, or a whole multi-arch index with <paramref name="all"/>)
    /// as "repo:tag" using skopeo, with this registry's credentials.
    /// </summary>
    public async Task PushOciLayoutAsync(string layoutDir, string repoAndTag, string? layoutTag = null, bool all = false)
    {
        var source = layoutTag is null ? $"oci:{layoutDir}" : $"oci:{layoutDir}:{layoutTag}";
        await PushAsync(source, repoAndTag, all);
    }

    /// <summary>Pushes any skopeo source ("docker-archive:x.tar", "oci-archive:x.tar", …) as "repo:tag".</summary>
    public async Task PushAsync(string skopeoSource, string repoAndTag, bool all = false)
    {
        List<string> args = ["copy", "--quiet", "--dest-tls-verify=false"];
        if (all)
        {
            args.Add("--all");
        }

        if (Username is not null)
        {
            args.Add($"--dest-creds={Username}:{Password}");
        }

        args.Add(skopeoSource);
        args.Add($"docker://{Host}/{repoAndTag}");
        await ProcessRunner.RunAsync("skopeo", args);
    }

    /// <summary>Where the registry stores a blob ("sha256:…"), so tests can corrupt it.</summary>
    public string BlobDataPath(string digest)
    {
        var (algorithm, hex) = (digest[..digest.IndexOf(':')], digest[(digest.IndexOf(':') + 1)..]);
        return Path.Combine(StorageDir, "docker", "registry", "v2", "blobs", algorithm, hex[..2], hex, "data");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp dir left behind is harmless.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitReadyAsync(System.Text.StringBuilder log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a busy machine.
            }

            await Task.Delay(100);
        }

        string text;
        lock (log)
        {
            text = log.ToString();
        }

        throw new InvalidOperationException($"docker-registry did not come up on {Host}: {text}");
    }
}
