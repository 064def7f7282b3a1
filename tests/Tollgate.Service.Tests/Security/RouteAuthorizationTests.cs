using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Service.Security;
using Tollgate.Service.Tests.Support;

namespace Tollgate.Service.Tests.Security;

/// <summary>
/// Every route of the API, as the OpenAPI document lists it (nothing listed by hand, so routes other areas add are
/// covered as they appear): anonymous → 401, every role below the declared one → 403, the declared role gets past
/// authorization. A route that declares no role, allows anonymous callers without being on the allowed list, or is
/// missing from the document fails.
/// </summary>
public abstract partial class RouteAuthorizationProbe : HostedTests
{
    /// <summary>Probes and metrics (the latter only when the operator allows it) are the only anonymous routes.</summary>
    private static readonly HashSet<string> AnonymousAllowed = ["/health", "/ready", "/metrics"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    protected override Task<string> CreateStoreAsync() => SqliteAsync();

    /// <summary>Route endpoints ("METHOD /path") the OpenAPI document does not list (the document's own route aside).</summary>
    protected async Task<List<string>> EndpointsMissingFromDocumentAsync()
    {
        var documented = (await CheckRoutesAsync()).Checked.ToHashSet();
        return ((IEndpointRouteBuilder)Host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/openapi/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Where(e => !documented.Contains(e))
            .ToList();
    }

    /// <summary>Checks every route of the document; returns what is wrong and which "METHOD /path" were checked.</summary>
    protected async Task<(List<string> Violations, List<string> Checked)> CheckRoutesAsync()
    {
        var keys = new Dictionary<ServiceRole, string>
        {
            [ServiceRole.Admin] = ServiceHost.AdminKey,
            [ServiceRole.Ci] = await Host.CreateKeyAsync("probe-ci-" + Guid.NewGuid().ToString("n")[..6], "ci"),
            [ServiceRole.ReadOnly] = await Host.CreateKeyAsync("probe-ro-" + Guid.NewGuid().ToString("n")[..6], "read-only"),
        };
        var document = await ServiceHost.JsonAsync(await Host.RequestAsync(HttpMethod.Get, ServiceOpenApi.DocumentPath));
        var (violations, checkedRoutes) = (new List<string>(), new List<string>());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var route = $"{operation.Name.ToUpperInvariant()} {Normalize(path.Name)}";
                checkedRoutes.Add(route);
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var url = FillParameters(path.Name, operation.Value);
                violations.AddRange((await CheckOperationAsync(method, url, path.Name, operation.Value, keys)).Select(v => $"{route}: {v}"));
            }
        }

        return (violations, checkedRoutes);
    }

    private async Task<List<string>> CheckOperationAsync(HttpMethod method, string url, string path, JsonElement operation, Dictionary<ServiceRole, string> keys)
    {
        var problems = new List<string>();
        if (!operation.TryGetProperty(ServiceOpenApi.RoleExtension, out var declared))
        {
            problems.Add("declares no role (use .RequireRole(ServiceRole.X) on the endpoint or its group)");
            return problems;
        }

        if (declared.GetString() == ServiceOpenApi.Anonymous)
        {
            if (!AnonymousAllowed.Contains(path))
            {
                problems.Add("allows anonymous callers but is not a probe or metrics route");
            }

            return problems;
        }

        var role = ServiceRoles.Parse(declared.GetString()) ?? throw new InvalidOperationException($"unknown role {declared}");
        var anonymous = await Host.RequestAsync(method, url, key: null, body: Body(method));
        if (anonymous.StatusCode != HttpStatusCode.Unauthorized)
        {
            problems.Add($"anonymous got {(int)anonymous.StatusCode}, expected 401");
        }

        foreach (var lower in Enum.GetValues<ServiceRole>().Where(r => r < role))
        {
            var response = await Host.RequestAsync(method, url, keys[lower], Body(method));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                problems.Add($"{lower.Name()} got {(int)response.StatusCode}, expected 403 (route needs {role.Name()})");
            }
        }

        // The declared role itself must get past authorization; only safe methods are called, so the probe changes nothing.
        if (method == HttpMethod.Get)
        {
            var allowed = await Host.RequestAsync(method, url, keys[role]);
            if (allowed.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                problems.Add($"{role.Name()} got {(int)allowed.StatusCode} although the route declares {role.Name()}");
            }
        }

        return problems;
    }

    private static object? Body(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Delete ? null : new { };

    /// <summary>Path parameters filled with dummy values of the documented type, so the route matches.</summary>
    private static string FillParameters(string path, JsonElement operation)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        if (operation.TryGetProperty("parameters", out var parameters))
        {
            foreach (var p in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
            {
                types[p.GetProperty("name").GetString()!] = p.TryGetProperty("schema", out var s) && s.TryGetProperty("type", out var t) ? t.ToString() : "string";
            }
        }

        return Parameter().Replace(path, m => types.GetValueOrDefault(m.Groups[1].Value, "string").Contains("integer", StringComparison.Ordinal) ? "1" : "dummy-" + m.Groups[1].Value);
    }

    /// <summary>"/v1/images/{id:int}/" → "/v1/images/{id}", for comparing route patterns with document paths.</summary>
    private static string Normalize(string path) => "/" + Parameter().Replace(path, m => "{" + m.Groups[1].Value + "}").Trim('/');

    [GeneratedRegex(@"\{\**([^}:?=]+)[^}]*\}")]
    private static partial Regex Parameter();
}

public sealed class RouteAuthorizationTests : RouteAuthorizationProbe
{
    [Fact]
    public async Task EveryDocumentedRouteRefusesAnonymousAndWrongRoles()
    {
        var (violations, checkedRoutes) = await CheckRoutesAsync();
        Assert.Empty(violations);
        Assert.Contains("POST /v1/keys", checkedRoutes);
        Assert.Contains("DELETE /v1/images/{id}", checkedRoutes);
    }

    [Fact]
    public async Task EveryEndpointIsInTheOpenApiDocument()
    {
        Assert.Empty(await EndpointsMissingFromDocumentAsync());
    }

    [Fact]
    public async Task OpenApiDocumentNeedsAKey()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, ServiceOpenApi.DocumentPath, key: null)).StatusCode);
        var reader = await Host.CreateKeyAsync("doc-reader", "read-only");
        Assert.Equal(HttpStatusCode.OK, (await Host.RequestAsync(HttpMethod.Get, ServiceOpenApi.DocumentPath, reader)).StatusCode);
    }
}

/// <summary>The check itself must catch an endpoint that forgot its role, or opened itself to anonymous callers.</summary>
public sealed class RouteAuthorizationCatchesUndeclaredRoutes : RouteAuthorizationProbe
{
    protected override void BeforeStart(WebApplication app)
    {
        app.MapGet("/v1/forgot-role", () => "x");
        app.MapPost("/v1/any-key-will-do", () => "x").RequireAuthorization();
        app.MapGet("/v1/open-door", () => "x").AllowAnonymous();
        app.MapGet("/v1/hidden", () => "x").RequireRole(ServiceRole.ReadOnly).ExcludeFromDescription();
    }

    [Fact]
    public async Task ReportsEachOffendingRoute()
    {
        var (violations, _) = await CheckRoutesAsync();
        Assert.Contains(violations, v => v.StartsWith("GET /v1/forgot-role: declares no role", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("POST /v1/any-key-will-do: declares no role", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("GET /v1/open-door: allows anonymous", StringComparison.Ordinal));
        Assert.Equal(["GET /v1/hidden"], await EndpointsMissingFromDocumentAsync());
    }

    [Fact]
    public async Task UndeclaredEndpointsAreStillAdminOnly()
    {
        var ci = await Host.CreateKeyAsync("ci-probe", "ci");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.RequestAsync(HttpMethod.Get, "/v1/forgot-role", key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.RequestAsync(HttpMethod.Get, "/v1/forgot-role", ci)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Host.RequestAsync(HttpMethod.Post, "/v1/any-key-will-do", ci)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.RequestAsync(HttpMethod.Get, "/v1/forgot-role")).StatusCode);
    }
}
