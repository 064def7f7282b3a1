using System.Net;
using System.Net.Http.Headers;
using Tollgate.Service.Security;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;

namespace Tollgate.Service.Tests.Security;

/// <summary>Keys and roles end to end over HTTP: created by the admin, used by pipelines, revoked, all audited.</summary>
public abstract class ApiKeysTests : HostedTests
{
    [Fact]
    public async Task CreatedKeyIsShownOnceStoredHashedAndListedWithoutSecret()
    {
        var key = await Host.CreateKeyAsync("pipeline", "ci");
        Assert.StartsWith(ApiKeyStore.KeyPrefix, key);
        Assert.True(key.Length >= 40, key); // 256 random bits

        var listing = await (await Host.RequestAsync(HttpMethod.Get, "/v1/keys")).Content.ReadAsStringAsync();
        Assert.Contains("\"name\":\"pipeline\"", listing);
        Assert.Contains("\"role\":\"ci\"", listing);
        Assert.Contains("\"created_by\":\"admin\"", listing);
        Assert.DoesNotContain(key, listing);
        Assert.DoesNotContain(key[ApiKeyStore.KeyPrefix.Length..], listing);

        using var db = StoreDatabase.Open(Spec);
        var stored = db.Read(tx => tx.Query("SELECT key_hash FROM api_keys", r => r.GetString(0)));
        Assert.Equal(ApiKeyStore.Hash(key), Assert.Single(stored));
    }

    [Fact]
    public async Task RolesNestAdminOverCiOverReadOnly()
    {
        var ci = await Host.CreateKeyAsync("ci-bot", "ci");
        var reader = await Host.CreateKeyAsync("dashboard", "read-only");
        var submit = new { source = "docker-archive:/nonexistent.tar" };

        Assert.Equal(HttpStatusCode.OK, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.RequestAsync(HttpMethod.Post, "/v1/images", reader, submit)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Host.RequestAsync(HttpMethod.Post, "/v1/images", ci, submit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", ci)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.RequestAsync(HttpMethod.Get, "/v1/keys", ci)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.RequestAsync(HttpMethod.Post, "/v1/keys", ci, new { name = "x", role = "admin" })).StatusCode);
    }

    [Fact]
    public async Task AnchoreClientsAuthenticateWithBasicKeyAsPassword()
    {
        var key = await Host.CreateKeyAsync("anchore-ci", "ci");
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("anchore-ci:" + key)));
        Assert.Equal(HttpStatusCode.OK, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", basic)).StatusCode);
        var wrong = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("anchore-ci:guess"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", wrong)).StatusCode);
        var garbage = new AuthenticationHeaderValue("Basic", "%%%not-base64");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", garbage)).StatusCode);
    }

    [Fact]
    public async Task RevokedKeyIsRefusedAtOnceAndChangesAreAudited()
    {
        var key = await Host.CreateKeyAsync("temp", "read-only");
        Assert.Equal(HttpStatusCode.OK, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", key)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Host.RequestAsync(HttpMethod.Delete, "/v1/keys/temp")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, "/v1/images", key)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.RequestAsync(HttpMethod.Delete, "/v1/keys/temp")).StatusCode);
        Assert.Contains("\"revoked_by\":\"admin\"", await (await Host.RequestAsync(HttpMethod.Get, "/v1/keys")).Content.ReadAsStringAsync());

        using var db = StoreDatabase.Open(Spec);
        var audit = new EventLog(db).List(Audit.EventType);
        Assert.Equal(["key.create temp (read-only) by admin (admin)", "key.revoke temp by admin (admin)"], audit.Select(e => e.Message));
        Assert.All(audit, e => Assert.DoesNotContain(key, e.Message));
    }

    [Fact]
    public async Task BadKeyRequestsAreExplainedAndNamesAreNotReused()
    {
        var noRole = await Host.RequestAsync(HttpMethod.Post, "/v1/keys", ServiceHost.AdminKey, new { name = "x", role = "root" });
        Assert.Equal(HttpStatusCode.BadRequest, noRole.StatusCode);
        Assert.Contains("body.role", await noRole.Content.ReadAsStringAsync());
        var badName = await Host.RequestAsync(HttpMethod.Post, "/v1/keys", ServiceHost.AdminKey, new { name = "a b", role = "ci" });
        Assert.Contains("body.name", await badName.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await Host.RequestAsync(HttpMethod.Post, "/v1/keys", ServiceHost.AdminKey, new { name = "admin", role = "ci" })).StatusCode);

        await Host.CreateKeyAsync("once", "ci");
        await Host.RequestAsync(HttpMethod.Delete, "/v1/keys/once");
        Assert.Equal(HttpStatusCode.Conflict, (await Host.RequestAsync(HttpMethod.Post, "/v1/keys", ServiceHost.AdminKey, new { name = "once", role = "ci" })).StatusCode);
    }
}

public sealed class SqliteApiKeysTests : ApiKeysTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresApiKeysTests : ApiKeysTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
