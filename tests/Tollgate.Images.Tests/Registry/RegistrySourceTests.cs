using System.Security.Cryptography;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Images.Tests.Registry;

/// <summary>Pulls from a real docker-registry in each auth mode (see <see cref="LocalRegistry"/>).</summary>
public sealed class RegistrySourceTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Layout(params byte[][] layers)
    {
        var layout = Path.Combine(_dir, "layout");
        SyntheticImages.Layout(layout, layers.Length == 0 ? [SyntheticImages.BaseLayer()] : layers);
        return layout;
    }

    private static List<string> Listing(FileIndex f) => f.SquashedSorted.Select(e => $"{e.Path} {e.Type} {e.OctalMode} {e.Uid}:{e.Gid} {e.LinkTarget}").ToList();

    [Theory]
    [InlineData(RegistryAuthMode.Anonymous)]
    [InlineData(RegistryAuthMode.Basic)]
    [InlineData(RegistryAuthMode.Token)]
    public async Task Pulls_in_every_auth_mode(RegistryAuthMode mode)
    {
        var layout = Layout();
        await using var reg = await LocalRegistry.StartAsync(mode);
        await reg.PushOciLayoutAsync(layout, "app:1", "t");

        using var pulled = await ImageLoader.LoadAsync(reg.Reference("app:1"),
            new ImageLoadOptions { Insecure = true, Username = reg.Username, Password = reg.Password });
        using var local = await ImageLoader.LoadAsync($"oci-dir:{layout}:t", new ImageLoadOptions());

        Assert.Equal(Listing(local.Files), Listing(pulled.Files));
        Assert.Equal(local.Metadata.Layers.Select(l => l.DiffId), pulled.Metadata.Layers.Select(l => l.DiffId));
        Assert.Equal("registry", pulled.Metadata.SourceKind);
        Assert.Equal([$"{reg.Host}/app:1"], pulled.Metadata.Tags);
        Assert.Equal([$"{reg.Host}/app@{pulled.Metadata.ManifestDigest}"], pulled.Metadata.RepoDigests);
        Assert.Equal(mode == RegistryAuthMode.Token, reg.TokensIssued > 0);
    }

    [Theory]
    [InlineData(RegistryAuthMode.Basic, "wrong", "credentials for user 'tollgate' from --username were rejected")]
    [InlineData(RegistryAuthMode.Token, "wrong", "token service")]
    [InlineData(RegistryAuthMode.Basic, null, "requires a username and password")]
    [InlineData(RegistryAuthMode.Token, null, "no credentials given")]
    public async Task Wrong_or_missing_credentials_give_a_clear_error(RegistryAuthMode mode, string? password, string expected)
    {
        await using var reg = await LocalRegistry.StartAsync(mode);
        await reg.PushOciLayoutAsync(Layout(), "app:1", "t");
        var options = new ImageLoadOptions
        {
            Insecure = true,
            Username = password is null ? null : reg.Username,
            Password = password,
            DockerConfigPath = Path.Combine(_dir, "no-config.json"),
        };

        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync(reg.Reference("app:1"), options));

        Assert.StartsWith(reg.Reference("app:1") + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains(password is null ? "" : "401", e.Message);
    }

    [Fact]
    public async Task Credentials_come_from_a_docker_config_file()
    {
        await using var reg = await LocalRegistry.StartAsync(RegistryAuthMode.Basic);
        await reg.PushOciLayoutAsync(Layout(), "app:1", "t");
        var config = Path.Combine(_dir, "config.json");
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{reg.Username}:{reg.Password}"));
        await File.WriteAllTextAsync(config, "{\"auths\": {\"" + reg.Host + "\": {\"auth\": \"" + auth + "\"}}}");

        using var image = await ImageLoader.LoadAsync(reg.Reference("app:1"), new ImageLoadOptions { Insecure = true, DockerConfigPath = config });

        Assert.NotNull(image.Files.Find("/etc/passwd"));
    }

    [Fact]
    public async Task Plain_http_needs_insecure()
    {
        await using var reg = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await reg.PushOciLayoutAsync(Layout(), "app:1", "t");

        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync(reg.Reference("app:1"), new ImageLoadOptions()));

        Assert.Contains("--insecure", e.Message);
    }

    [Fact]
    public async Task Platform_is_selected_from_a_pushed_multi_arch_index()
    {
        var layout = SyntheticImages.MultiArch(Path.Combine(_dir, "multi"));
        await using var reg = await LocalRegistry.StartAsync(RegistryAuthMode.Token);
        await reg.PushOciLayoutAsync(layout, "multi:1", "multi", all: true);
        var options = new ImageLoadOptions { Insecure = true, Username = reg.Username, Password = reg.Password };

        using var arm = await ImageLoader.LoadAsync(reg.Reference("multi:1"), options with { Platform = "linux/arm64/v8" });
        using var amd = await ImageLoader.LoadAsync(reg.Reference("multi:1"), options);

        Assert.Equal(("arm64", "v8"), (arm.Metadata.Architecture, arm.Metadata.Variant));
        Assert.Equal("amd64", amd.Metadata.Architecture);
        Assert.Equal(arm.Metadata.IndexDigest, amd.Metadata.IndexDigest);
        Assert.NotNull(arm.Metadata.IndexDigest);
        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync(reg.Reference("multi:1"), options with { Platform = "windows/amd64" }));
        Assert.Contains("no image for platform windows/amd64", e.Message);
    }

    [Fact]
    public async Task A_corrupted_blob_in_registry_storage_is_a_digest_error()
    {
        var layout = Layout();
        await using var reg = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await reg.PushOciLayoutAsync(layout, "app:1", "t");
        using var local = await ImageLoader.LoadAsync($"oci-dir:{layout}:t", new ImageLoadOptions());
        var digest = local.Metadata.Layers[0].Digest!;
        var data = reg.BlobDataPath(digest);
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[^12] ^= 0x55;
        await File.WriteAllBytesAsync(data, bytes);

        var e = await Assert.ThrowsAsync<ImageException>(() => ImageLoader.LoadAsync(reg.Reference("app:1"), new ImageLoadOptions { Insecure = true }));

        Assert.Contains($"layer 0 ({digest})", e.Message);
        Assert.True(e.Message.Contains("digest mismatch") || e.Message.Contains("corrupt"), e.Message);
    }

    [Fact]
    public async Task A_dropped_blob_download_resumes_with_a_range_request()
    {
        var random = RandomNumberGenerator.GetBytes(400_000);
        var layout = Layout(new LayerBuilder().File("./random.bin", random).ToArray());
        await using var reg = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await reg.PushOciLayoutAsync(layout, "app:1", "t");
        await using var proxy = new FlakyProxy("127.0.0.1", reg.Port, cutAfterBytes: 100_000);
        var options = new ImageLoadOptions
        {
            Insecure = true,
            ContentRequests = [new Tollgate.Images.Content.ContentRequest { Name = "r", PathMatches = p => p == "/random.bin", MaxBytes = 1_000_000 }],
        };

        using var image = await ImageLoader.LoadAsync($"registry:{proxy.Host}/app:1", options);

        Assert.True(proxy.Cut);
        Assert.True(proxy.SawRangeRequest);
        using var kept = image.Contents.Open(image.Contents.Find("/random.bin")!);
        var copy = new MemoryStream();
        kept.CopyTo(copy);
        Assert.Equal(random, copy.ToArray());
    }
}
