using System.Net;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Service.Tests.Registries;

/// <summary>
/// Stored credentials used by the worker against the real test registry in basic-auth mode; the password must not
/// appear in any response or any log line.
/// </summary>
public sealed class RegistriesApiTests
{
    [Fact]
    public async Task WorkerPullsWithStoredCredentialsAndThePasswordNeverLeaves()
    {
        await using var registry = await LocalRegistry.StartAsync(RegistryAuthMode.Basic);
        await registry.PushAsync("docker-archive:" + TestPaths.RequireTestData("alpine", "docker-archive.tar"), "team/alpine:3.20.3");
        await using var host = await ServiceHost.StartAsync();
        var reference = registry.Reference("team/alpine:3.20.3");

        // Without stored credentials (which also say whether plain HTTP is allowed) the pull fails, with the reason.
        var refused = await host.AnalyzeAsync(reference);
        Assert.Equal("analysis_failed", refused.GetProperty("status").GetString());
        Assert.Contains(registry.Host, refused.GetProperty("failure_reason").GetString()); // plain HTTP and no credentials: refused

        var (created, record) = await host.SendAsync(HttpMethod.Post, "/v1/registries", ServiceHost.Json(new
        {
            registry = registry.Host,
            registry_user = registry.Username,
            registry_pass = registry.Password,
            registry_type = "docker_v2",
            registry_verify = false,
        }));
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(registry.Username, record.GetProperty("registry_user").GetString());
        Assert.False(record.TryGetProperty("registry_pass", out _));

        var analyzed = await host.AnalyzeAsync(reference, "team/alpine:3.20.3");
        Assert.Equal("analyzed", analyzed.GetProperty("status").GetString());
        Assert.StartsWith("sha256:", analyzed.GetProperty("digest").GetString());

        // The stateless check by reference uses them too.
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Post, "/v1/policies/pack:default/activate")).Status);
        var (checkedStatus, verdict) = await host.SendAsync(HttpMethod.Post, "/v1/check?format=tollgate", ServiceHost.Json(new { source = reference }));
        Assert.Equal(HttpStatusCode.OK, checkedStatus);
        Assert.Equal("pack:default", verdict.GetProperty("policy_id").GetString());

        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Put, $"/v1/registries/{registry.Host}", ServiceHost.Json(new
        {
            registry_user = registry.Username,
            registry_pass = registry.Password,
            registry_verify = false,
        }))).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync($"/v1/registries/{registry.Host}")).Status);
        Assert.Single((await host.GetAsync("/v1/registries")).Body.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.SendAsync(HttpMethod.Post, "/v1/registries", ServiceHost.Json(new { registry = "https://x", registry_user = "u" }))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Delete, $"/v1/registries/{registry.Host}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync($"/v1/registries/{registry.Host}")).Status);

        Assert.NotEmpty(host.Transcript);
        Assert.NotEmpty(host.Logs);
        Assert.DoesNotContain(host.Transcript, line => line.Contains(registry.Password!, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, line => line.Contains(registry.Password!, StringComparison.Ordinal));
    }
}
