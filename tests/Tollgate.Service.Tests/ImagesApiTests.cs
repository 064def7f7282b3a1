using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests;

/// <summary>Real HTTP over loopback against the real app, store and worker.</summary>
public sealed class ImagesApiTests : IAsyncLifetime
{
    private const string AdminKey = "test-admin-key";
    private readonly string _dir = TestPaths.NewTempDir();
    private WebApplication? _app;
    private HttpClient _client = new();

    public async Task InitializeAsync()
    {
        var options = new ServiceOptions { Store = "sqlite:" + Path.Combine(_dir, "t.db"), PollInterval = TimeSpan.FromMilliseconds(100) };
        _app = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [Fact]
    public async Task SubmittedArchiveIsAnalyzedInBackground()
    {
        var archive = TestPaths.RequireTestData("alpine", "docker-archive.tar");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/images") { Content = JsonContent.Create(new { source = "docker-archive:" + archive, tag = "alpine:t" }) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var accepted = await _client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        string? status = null;
        for (var i = 0; i < 600 && status is not ("analyzed" or "analysis_failed"); i++)
        {
            await Task.Delay(200);
            using var get = new HttpRequestMessage(HttpMethod.Get, $"/v1/images/{id}");
            get.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:test-admin-key"u8.ToArray()));
            var body = JsonDocument.Parse(await (await _client.SendAsync(get)).Content.ReadAsStringAsync()).RootElement;
            status = body.GetProperty("status").GetString();
        }

        Assert.Equal("analyzed", status);
    }

    [Fact]
    public async Task AnonymousAndWrongKeyAreRefusedButHealthIsOpen()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/v1/images")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/images");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task SubmitWithoutSourceIsProblem400()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/images") { Content = JsonContent.Create(new { tag = "x" }) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var response = await _client.SendAsync(post);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body.source", await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
