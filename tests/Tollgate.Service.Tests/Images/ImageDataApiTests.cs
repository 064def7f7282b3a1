using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tollgate.Sbom;
using Tollgate.Service.Http;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Images;

/// <summary>
/// Uploads (archive, SBOM) and the analysed image's content, SBOMs and vulnerabilities over real HTTP, with the real
/// alpine test image.
/// </summary>
public sealed class ImageDataApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UploadedArchiveIsAnalyzedAndServedByContentTypeAndInEverySbomFormat()
    {
        var (accepted, image) = await _host.SendAsync(HttpMethod.Post, "/v1/images/archive?tag=docker.io/library/alpine:3.20.3",
            Tar(TestPaths.RequireTestData("alpine", "docker-archive.tar")));
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        var done = await _host.WaitAnalyzedAsync(image.GetProperty("id").GetString()!);
        Assert.Equal("analyzed", done.GetProperty("status").GetString());
        var digest = done.GetProperty("digest").GetString()!;
        Assert.Empty(Directory.GetFiles(UploadSpool.Dir(_host.Options))); // the spooled upload is gone once analysed

        var (_, types) = await _host.GetAsync($"/v1/images/{digest}/content");
        Assert.Contains("os", types.EnumerateArray().Select(t => t.GetString()));

        var os = await ContentAsync(digest, "os");
        Assert.Equal(digest, os.GetProperty("imageDigest").GetString());
        var packages = os.GetProperty("content").EnumerateArray().ToList();
        Assert.Contains(packages, p => p.GetProperty("package").GetString() == "musl" && p.GetProperty("type").GetString() == "apk");
        Assert.Contains(packages, p => p.GetProperty("package").GetString() == "busybox");
        var files = (await ContentAsync(digest, "files")).GetProperty("content").EnumerateArray().ToList();
        Assert.Contains(files, f => f.GetProperty("filename").GetString() == "/etc/passwd");
        var metadata = (await ContentAsync(digest, "metadata")).GetProperty("content")[0];
        Assert.Equal("alpine", metadata.GetProperty("distro").GetString());
        Assert.Equal("3.20.3", metadata.GetProperty("distro_version").GetString());
        Assert.Equal("amd64", metadata.GetProperty("arch").GetString());
        Assert.False(string.IsNullOrEmpty((await ContentAsync(digest, "dockerfile")).GetProperty("content")[0].GetProperty("dockerfile").GetString()));
        Assert.Empty((await ContentAsync(digest, "npm")).GetProperty("content").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/v1/images/{digest}/content/nope")).Status);

        // Every SBOM format the CLI writes, each read back to the same packages.
        string? cycloneDx = null;
        foreach (var format in SbomFormats.Names)
        {
            using var response = await _host.Client.GetAsync($"/v1/images/{digest}/sbom/{format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var read = SbomReader.Read(new MemoryStream(bytes), format);
            Assert.Equal(packages.Count, read.Packages.Count(p => p.Type == "apk"));
            cycloneDx = format == SbomFormats.CycloneDxJson ? System.Text.Encoding.UTF8.GetString(bytes) : cycloneDx;
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/v1/images/{digest}/sbom/nope")).Status);

        // That CycloneDX uploaded as an SBOM: queued like a reference, analysed without any image.
        var (sbomAccepted, sbomImage) = await _host.SendAsync(HttpMethod.Post, "/v1/images/sbom?tag=sbom/alpine:1", ServiceHost.Text(cycloneDx!));
        Assert.Equal(HttpStatusCode.Accepted, sbomAccepted);
        var fromSbom = await _host.WaitAnalyzedAsync(sbomImage.GetProperty("id").GetString()!);
        Assert.Equal("analyzed", fromSbom.GetProperty("status").GetString());
        var sbomOs = (await ContentAsync(fromSbom.GetProperty("id").GetString()!, "os")).GetProperty("content").EnumerateArray()
            .Select(p => p.GetProperty("package").GetString()).Order().ToList();
        Assert.Equal(packages.Select(p => p.GetProperty("package").GetString()).Order().ToList(), sbomOs);

        // No vulnerability DB configured: empty lists, not an error.
        var (vulnStatus, vulns) = await _host.GetAsync($"/v1/images/{digest}/vuln/all");
        Assert.Equal(HttpStatusCode.OK, vulnStatus);
        Assert.Equal("none", vulns.GetProperty("db_version").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/v1/images/{digest}/vuln/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync("/v1/images/sha256:00/content/os")).Status);
    }

    [Fact]
    public async Task UploadLargerThanTheLimitIsRefusedAndLeavesNothing()
    {
        await using var small = await ServiceHost.StartAsync(configure: o => o with { MaxUploadBytes = 1024 * 1024 });
        var (status, problem) = await small.SendAsync(HttpMethod.Post, "/v1/images/archive", Tar(TestPaths.RequireTestData("alpine", "docker-archive.tar")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("1048576", problem.GetProperty("detail").GetString());
        Assert.Empty(Directory.GetFiles(UploadSpool.Dir(small.Options)));
        Assert.Empty((await small.GetAsync("/v1/images")).Body.EnumerateArray());
    }

    private async Task<JsonElement> ContentAsync(string image, string type)
    {
        var (status, body) = await _host.GetAsync($"/v1/images/{image}/content/{type}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>The archive streamed as the body, with no Content-Length (chunked): the server must count bytes itself.</summary>
    private static StreamContent Tar(string path)
    {
        var content = new StreamContent(new NonSeekable(File.OpenRead(path)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
