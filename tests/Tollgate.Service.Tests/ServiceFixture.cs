using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests;

/// <summary>
/// The real app, store and workers over loopback HTTP, on one engine per subclass (<see cref="CreateStoreAsync"/>).
/// Tests talk to it as clients do: <see cref="SendAsync"/> with a key, or none.
/// </summary>
public abstract class ServiceFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key";

    protected string Dir { get; } = TestPaths.NewTempDir();

    protected WebApplication App { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = new();

    protected string Store { get; private set; } = string.Empty;

    /// <summary>A fresh, empty store spec (sqlite:PATH or postgres://…).</summary>
    protected abstract Task<string> CreateStoreAsync();

    /// <summary>Lets a test add endpoints (or change nothing) before the app starts.</summary>
    protected virtual void BeforeStart(WebApplication app)
    {
    }

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        var options = new ServiceOptions { Store = Store, PollInterval = TimeSpan.FromMilliseconds(100), Workers = 1 };
        App = ServiceApp.Build(options, AdminKey, "http://127.0.0.1:0");
        BeforeStart(App);
        await App.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(App.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = AdminKey, object? body = null) =>
        SendAsync(method, path, key is null ? null : new AuthenticationHeaderValue("Bearer", key), body);

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization;
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Client.SendAsync(request);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Creates a key of <paramref name="role"/> with the admin key; returns its secret.</summary>
    protected async Task<string> CreateKeyAsync(string name, string role)
    {
        var response = await SendAsync(HttpMethod.Post, "/v1/keys", AdminKey, new { name, role });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("key").GetString()!;
    }
}

/// <summary>Engine choice for any <see cref="ServiceFixture"/> test class: SQLite file in the test's temp dir.</summary>
public static class Engines
{
    public static Task<string> Sqlite(string dir) => Task.FromResult("sqlite:" + Path.Combine(dir, "tollgate.db"));

    public static Task<string> Postgres() => PostgresServer.CreateDatabaseAsync();
}
