using Microsoft.AspNetCore.Builder;
using Tollgate.Service;
using Tollgate.TestSupport;

namespace Tollgate.Deploy.Tests;

/// <summary>`tollgate health`, the image's HEALTHCHECK, against the real service over loopback.</summary>
public sealed class HealthCommandTests : IAsyncLifetime
{
    private readonly string _dir = TestPaths.NewTempDir();
    private WebApplication? _app;

    private string Url => _app!.Urls.First();

    public async Task InitializeAsync()
    {
        _app = ServiceApp.Build(new ServiceOptions { Store = "sqlite:" + Path.Combine(_dir, "t.db") }, "health-test-key", "http://127.0.0.1:0");
        await _app.StartAsync();
    }

    [Fact]
    public async Task HealthyServiceExitsZero()
    {
        var (exit, _, stderr) = await Tool.TollgateAsync("health", Url + "/health");
        Assert.True(exit == 0, stderr);
    }

    [Fact]
    public async Task RefusedOrUnauthorizedIsUnhealthy()
    {
        var (exit, _, stderr) = await Tool.TollgateAsync("health", Url + "/v1/images");
        Assert.Equal((1, true), (exit, stderr.Contains("answered 401", StringComparison.Ordinal)));

        await _app!.StopAsync();
        (exit, _, stderr) = await Tool.TollgateAsync("health", Url + "/health", "--timeout", "2");
        Assert.Equal(1, exit);
        Assert.Contains(Url, stderr);
    }

    [Fact]
    public async Task NotAnUrlIsAUsageError()
    {
        var (exit, _, stderr) = await Tool.TollgateAsync("health", "ftp://example.invalid/health");
        Assert.Equal((2, true), (exit, stderr.Contains("is not an http(s) URL", StringComparison.Ordinal)));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
