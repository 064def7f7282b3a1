using System.Net;
using System.Net.Http.Headers;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests;

/// <summary>Real HTTP over loopback against the real app, store and worker, on both engines.</summary>
public abstract class ImagesApiTests : HostedTests
{
    [Fact]
    public async Task SubmittedArchiveIsAnalyzedInBackground()
    {
        var archive = TestPaths.RequireTestData("alpine", "docker-archive.tar");
        var accepted = await Host.RequestAsync(HttpMethod.Post, "/v1/images", ServiceHost.AdminKey, new { source = "docker-archive:" + archive, tag = "alpine:t" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await ServiceHost.JsonAsync(accepted)).GetProperty("id").GetString();

        string? status = null;
        for (var i = 0; i < 600 && status is not ("analyzed" or "analysis_failed"); i++)
        {
            await Task.Delay(200);
            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:test-admin-key"u8.ToArray()));
            status = (await ServiceHost.JsonAsync(await Host.RequestAsync(HttpMethod.Get, $"/v1/images/{id}", basic))).GetProperty("status").GetString();
        }

        Assert.Equal("analyzed", status);
    }

    [Fact]
    public async Task AnonymousAndWrongKeyAreRefusedButHealthIsOpen()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", "nope")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("/ready")).StatusCode);
    }

    [Fact]
    public async Task SubmitWithoutSourceIsProblem400()
    {
        var response = await Host.RequestAsync(HttpMethod.Post, "/v1/images", ServiceHost.AdminKey, new { tag = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body.source", await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteImagesApiTests : ImagesApiTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresImagesApiTests : ImagesApiTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
