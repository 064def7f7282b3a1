using System.Net;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Policies;

/// <summary>/v1/policies over real HTTP: upload JSON and YAML, validation problems with paths, activation, packs.</summary>
public sealed class PoliciesApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UploadListGetReplaceActivateDelete()
    {
        var (created, body) = await _host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text(PolicyStoreTests.DefaultBundle));
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.True(body.TryGetProperty("policy_id", out _), body.ToString());
        var id = body.GetProperty("policy_id").GetString()!;
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.StartsWith("sha256:", body.GetProperty("version").GetString());

        // A YAML bundle: the CIS pack's source file, uploaded as a user bundle.
        var yaml = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "Tollgate.Policy", "Packs", "cis-docker.yaml"));
        var (yamlCreated, yamlBody) = await _host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text(yaml, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, yamlCreated);
        Assert.False(yamlBody.GetProperty("active").GetBoolean());
        var yamlId = yamlBody.GetProperty("policy_id").GetString()!;

        var (_, list) = await _host.GetAsync("/v1/policies");
        Assert.Equal(1, list.EnumerateArray().Count(p => p.GetProperty("active").GetBoolean()));
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("policy_id").GetString() == "pack:dod");

        var (ok, one) = await _host.GetAsync($"/v1/policies/{id}");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("1_0", one.GetProperty("policybundle").GetProperty("version").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await _host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text(PolicyStoreTests.DefaultBundle))).Status);
        var (replaced, after) = await _host.SendAsync(HttpMethod.Put, $"/v1/policies/{id}", ServiceHost.Text(PolicyStoreTests.DefaultBundle.Replace("\"2\"", "\"3\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, replaced);
        Assert.NotEqual(body.GetProperty("version").GetString(), after.GetProperty("version").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await _host.SendAsync(HttpMethod.Delete, $"/v1/policies/{id}")).Status);
        var (activated, pack) = await _host.SendAsync(HttpMethod.Post, "/v1/policies/pack:dod/activate");
        Assert.Equal(HttpStatusCode.OK, activated);
        Assert.True(pack.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await _host.SendAsync(HttpMethod.Delete, $"/v1/policies/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/v1/policies/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.GetAsync($"/v1/policies/{yamlId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Post, "/v1/policies/pack:none/activate")).Status);
    }

    [Fact]
    public async Task InvalidBundleIs400WithEveryErrorAndPath()
    {
        var bad = PolicyStoreTests.DefaultBundle
            .Replace("\"gate\": \"dockerfile\"", "\"gate\": \"dockerfil\"", StringComparison.Ordinal)
            .Replace("\"value\": \"medium\"", "\"value\": \"MEDIUM\"", StringComparison.Ordinal);
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text(bad));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors").EnumerateArray().Where(e => e.GetProperty("severity").GetString() == "error").ToList();
        Assert.True(errors.Count >= 3, problem.ToString()); // two dockerfile rules + the upper-case severity value
        Assert.All(errors, e => Assert.StartsWith("$.policies[0].rules[", e.GetProperty("path").GetString()));
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains("MEDIUM", StringComparison.Ordinal));
        Assert.DoesNotContain((await _host.GetAsync("/v1/policies")).Body.EnumerateArray(), p => p.GetProperty("source").GetString() == "upload");

        var (validated, result) = await _host.SendAsync(HttpMethod.Post, "/v1/policies/validate", ServiceHost.Text(bad));
        Assert.Equal(HttpStatusCode.OK, validated);
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text("{ not json"))).Status);
    }
}
