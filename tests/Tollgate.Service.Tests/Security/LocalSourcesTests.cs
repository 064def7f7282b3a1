using System.Net;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.Service.Workers;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Security;

/// <summary>
/// POST /v1/images must not let a ci key make the service read its own files: local sources are refused unless the
/// operator allows them (--allow-local-sources), and with a directory only paths that really are inside it pass —
/// checked again by the worker right before it reads.
/// </summary>
public sealed class LocalSourcesTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Archive => TestPaths.RequireTestData("alpine", "docker-archive.tar");

    [Fact]
    public async Task EveryLocalSchemeIsRefusedByDefaultButRegistryReferencesAndUploadsAreNot()
    {
        await using var host = await ServiceHost.StartAsync(configure: o => o with { AllowLocalSources = false });
        var ci = await host.CreateKeyAsync("pipeline", "ci");
        string[] local =
        [
            "docker-archive:" + Archive,
            "oci-archive:" + TestPaths.RequireTestData("alpine", "oci-archive.tar"),
            "oci-dir:" + TestPaths.RequireTestData("alpine", "oci") + ":3.20.3-amd64",
            "dir:/etc",
            "sbom:/etc/passwd",
            Archive, // a bare path
            "/etc/shadow",
            "./tollgate.db",
            "docker-archive:/no/such/file.tar", // refused before the file system is asked, so existence is not revealed
        ];
        foreach (var source in local)
        {
            var response = await host.RequestAsync(HttpMethod.Post, "/v1/images", ci, new { source });
            var detail = (await ServiceHost.JsonAsync(response)).GetProperty("detail").GetString();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{source}: {response.StatusCode}");
            Assert.Contains("--allow-local-sources", detail);
            Assert.StartsWith("body.source: ", detail);
        }

        Assert.Empty((await host.GetAsync("/v1/images")).Body.EnumerateArray());

        // A registry reference is accepted and stored as one, so the worker never takes it for a path.
        var (accepted, image) = await host.SendAsync(HttpMethod.Post, "/v1/images", ServiceHost.Json(new { source = "127.0.0.1:9/team/app:1" }));
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal("registry:127.0.0.1:9/team/app:1", image.GetProperty("source").GetString());
        var (notReference, _) = await host.SendAsync(HttpMethod.Post, "/v1/images", ServiceHost.Json(new { source = "Not A Reference" }));
        Assert.Equal(HttpStatusCode.BadRequest, notReference);

        // Uploading the same archive works: the service reads the copy it spooled itself.
        await using var upload = File.OpenRead(Archive);
        var (uploaded, record) = await host.SendAsync(HttpMethod.Post, "/v1/images/archive?tag=alpine:upload", new StreamContent(upload));
        Assert.Equal(HttpStatusCode.Accepted, uploaded);
        Assert.Equal("analyzed", (await host.WaitAnalyzedAsync(record.GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task EvenWithTheFlagAClientCannotNameAnotherUploadInTheSpool()
    {
        await using var host = await ServiceHost.StartAsync(configure: o => o with { AllowLocalSources = true, RunWorkers = false });
        await using var upload = File.OpenRead(Archive);
        var (_, pending) = await host.SendAsync(HttpMethod.Post, "/v1/images/archive", new StreamContent(upload));
        var spooled = pending.GetProperty("source").GetString()!; // visible to every reader of /v1/images
        Assert.True(File.Exists(spooled));
        var (status, problem) = await host.SendAsync(HttpMethod.Post, "/v1/images", ServiceHost.Json(new { source = "docker-archive:" + spooled }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("upload spool", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task WorkerRefusesALocalJobQueuedBeforeTheFlagWasRemoved()
    {
        await using var host = await ServiceHost.StartAsync(configure: o => o with { AllowLocalSources = false });
        var queued = host.Service<ImageStore>().Add("docker-archive:" + Archive, null); // accepted by a process that had the flag
        var image = await host.WaitAnalyzedAsync(queued.Id);
        Assert.Equal("analysis_failed", image.GetProperty("status").GetString());
        Assert.Contains("--allow-local-sources", image.GetProperty("failure_reason").GetString());
    }

    [Fact]
    public async Task WithTheFlagLocalSourcesAreAnalysed()
    {
        await using var host = await ServiceHost.StartAsync(configure: o => o with { AllowLocalSources = true });
        Assert.Equal("analyzed", (await host.AnalyzeAsync("docker-archive:" + Archive)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithADirectoryOnlyPathsResolvingInsideItPass()
    {
        var (allowed, outside) = (Path.Combine(_dir, "allowed"), Path.Combine(_dir, "outside"));
        Directory.CreateDirectory(allowed);
        Directory.CreateDirectory(outside);
        var inside = Path.Combine(allowed, "alpine.tar");
        File.Copy(Archive, inside);
        var secret = Path.Combine(outside, "alpine.tar");
        File.Copy(Archive, secret);
        File.CreateSymbolicLink(Path.Combine(allowed, "escape.tar"), secret);
        Directory.CreateSymbolicLink(Path.Combine(allowed, "escape-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(allowed, "alias.tar"), "alpine.tar"); // a relative link that stays inside
        await using var host = await ServiceHost.StartAsync(configure: o => o with { AllowLocalSources = true, LocalSourcesDir = allowed });

        var refused = new Dictionary<string, string>
        {
            ["docker-archive:" + secret] = "outside the local source directory",
            ["docker-archive:" + Path.Combine(allowed, "escape.tar")] = "(through a symbolic link), outside",
            ["docker-archive:" + Path.Combine(allowed, "escape-dir", "alpine.tar")] = "(through a symbolic link), outside",
            ["docker-archive:" + allowed + "/../outside/alpine.tar"] = "'..' is not allowed",
            ["docker-archive:" + allowed + "/./../allowed/alpine.tar"] = "'..' is not allowed",
            ["docker-archive:alpine.tar"] = "must be absolute paths",
            ["oci-dir:/"] = "outside the local source directory",
            ["docker-archive:" + Path.Combine(allowed, "missing.tar")] = "no such file or directory",
        };
        foreach (var (source, message) in refused)
        {
            var (status, problem) = await host.SendAsync(HttpMethod.Post, "/v1/images", ServiceHost.Json(new { source }));
            Assert.True(status == HttpStatusCode.BadRequest, $"{source}: {status}");
            Assert.Contains(message, problem.GetProperty("detail").GetString());
        }

        foreach (var source in new[] { "docker-archive:" + inside, "docker-archive:" + Path.Combine(allowed, "alias.tar"), inside })
        {
            Assert.Equal("analyzed", (await host.AnalyzeAsync(source)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task APathSwappedForAnEscapingLinkAfterSubmissionIsRefusedByTheWorker()
    {
        var allowed = Path.Combine(_dir, "allowed");
        Directory.CreateDirectory(allowed);
        var inside = Path.Combine(allowed, "alpine.tar");
        File.Copy(Archive, inside);
        await using var host = await ServiceHost.StartAsync(configure: o => o with { LocalSourcesDir = allowed, RunWorkers = false });
        var (accepted, image) = await host.SendAsync(HttpMethod.Post, "/v1/images", ServiceHost.Json(new { source = "docker-archive:" + inside }));
        Assert.Equal(HttpStatusCode.Accepted, accepted);

        File.Delete(inside);
        File.CreateSymbolicLink(inside, Archive); // now points outside the directory
        Assert.True(await host.Service<AnalysisRunner>().RunOneAsync("test", TimeSpan.FromMinutes(1), CancellationToken.None));
        var after = (await host.GetAsync($"/v1/images/{image.GetProperty("id").GetString()}")).Body;
        Assert.Equal("analysis_failed", after.GetProperty("status").GetString());
        Assert.Contains("symbolic link", after.GetProperty("failure_reason").GetString());
    }
}
