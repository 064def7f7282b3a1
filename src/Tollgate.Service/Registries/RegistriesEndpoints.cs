using Tollgate.Service.Http;
using Tollgate.Service.Security;

namespace Tollgate.Service.Registries;

/// <summary>
/// /v1/registries (Anchore's shape: registry, registry_user, registry_pass, registry_type, registry_name,
/// registry_verify). The password is write-only: no response carries it. Role: admin (the list: read-only).
/// </summary>
public static class RegistriesEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/registries").RequireRole(ServiceRole.ReadOnly);
        group.MapGet("/", (RegistryStore store) => Results.Ok(store.List()));
        group.MapPost("/", (RegistryRequest body, RegistryStore store) => Save(body, null, store)).RequireRole(ServiceRole.Admin);
        group.MapGet("/{*registry}", (string registry, RegistryStore store) =>
            store.Get(registry) is { } r ? Results.Ok(r) : ApiProblems.NotFound($"no credentials for {registry}")).RequireRole(ServiceRole.Admin);
        group.MapPut("/{*registry}", (string registry, RegistryRequest body, RegistryStore store) => Save(body, registry, store)).RequireRole(ServiceRole.Admin);
        group.MapDelete("/{*registry}", (string registry, RegistryStore store) =>
            store.Delete(registry) ? Results.NoContent() : ApiProblems.NotFound($"no credentials for {registry}")).RequireRole(ServiceRole.Admin);
    }

    private static IResult Save(RegistryRequest body, string? path, RegistryStore store)
    {
        var registry = body.Registry ?? path;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(registry) || registry.Contains("://", StringComparison.Ordinal) || registry.Any(char.IsWhiteSpace))
        {
            problems.Add("body.registry: expected host[:port][/repository-prefix] (no scheme)");
        }

        if (path is not null && body.Registry is not null && body.Registry != path)
        {
            problems.Add($"body.registry: '{body.Registry}' differs from the registry in the path ('{path}')");
        }

        if (string.IsNullOrEmpty(body.RegistryUser))
        {
            problems.Add("body.registry_user: required");
        }

        if (string.IsNullOrEmpty(body.RegistryPass))
        {
            problems.Add("body.registry_pass: required");
        }

        if (body.RegistryType is not (null or "docker_v2"))
        {
            problems.Add($"body.registry_type: '{body.RegistryType}' is not supported (docker_v2)");
        }

        if (problems.Count > 0)
        {
            return ApiProblems.BadRequest(string.Join("; ", problems));
        }

        if (path is not null && store.Get(path) is null)
        {
            return ApiProblems.NotFound($"no credentials for {path}");
        }

        var created = store.Save(new RegistryEntry(registry!, body.RegistryName, body.RegistryUser!, body.RegistryPass!, body.RegistryType ?? "docker_v2", body.RegistryVerify ?? true));
        var record = store.Get(registry!)!;
        return created ? Results.Created($"/v1/registries/{registry}", record) : Results.Ok(record);
    }
}

/// <summary>Body of POST/PUT /v1/registries. registry_verify false also allows plain HTTP to that registry.</summary>
public sealed record RegistryRequest(string? Registry, string? RegistryUser, string? RegistryPass, string? RegistryType, string? RegistryName, bool? RegistryVerify)
{
    public override string ToString() => $"{Registry} (user {RegistryUser})"; // never the password, even in a log line
}
