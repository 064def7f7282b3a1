using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Service.Store;

namespace Tollgate.Service.Security;

/// <summary>/v1/keys (admin only): create a key (its secret is returned once), list keys without secrets, revoke.</summary>
public static partial class ApiKeysEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").RequireRole(ServiceRole.Admin).WithTags("keys");
        group.MapPost("/", Create);
        group.MapGet("/", (ApiKeyStore keys) => TypedResults.Ok(keys.List()));
        group.MapDelete("/{name}", Revoke);
    }

    private static Results<Created<ApiKeyCreated>, ProblemHttpResult> Create(CreateApiKeyRequest request, HttpContext http, StoreDatabase database)
    {
        if (request.Name is not { } name || !KeyName().IsMatch(name))
        {
            return Problem(StatusCodes.Status400BadRequest, "body.name: 1-64 characters of a-z A-Z 0-9 . _ - are required");
        }

        if (ServiceRoles.Parse(request.Role) is not { } role)
        {
            return Problem(StatusCodes.Status400BadRequest, "body.role: one of admin, ci, read-only is required");
        }

        if (name == BootstrapAdminKey.Name)
        {
            return Problem(StatusCodes.Status409Conflict, $"key name '{name}' is reserved for the bootstrap admin key");
        }

        var created = database.Write(tx =>
        {
            if (ApiKeyStore.Exists(tx, name))
            {
                return null;
            }

            Audit.Record(tx, http, "key.create", $"{name} ({role.Name()})");
            return ApiKeyStore.Create(tx, name, role, Audit.Actor(http));
        });
        return created is null
            ? Problem(StatusCodes.Status409Conflict, $"a key named '{name}' exists (names of revoked keys are not reused)")
            : TypedResults.Created($"/v1/keys/{name}", created);
    }

    private static Results<NoContent, ProblemHttpResult> Revoke(string name, HttpContext http, StoreDatabase database, ApiKeyValidator validator)
    {
        var revoked = database.Write(tx =>
        {
            var done = ApiKeyStore.Revoke(tx, name, Audit.Actor(http));
            if (done)
            {
                Audit.Record(tx, http, "key.revoke", name);
            }

            return done;
        });
        validator.Forget();
        return revoked ? TypedResults.NoContent() : Problem(StatusCodes.Status404NotFound, $"no active key named '{name}'");
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyName();
}
