using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Tollgate.Service.Security;

namespace Tollgate.Service;

/// <summary>
/// The OpenAPI document at /openapi/v1.json. Every operation carries <c>x-tollgate-role</c>: the lowest role that may call
/// it (admin, ci, read-only) or "anonymous"; an operation without it declared no role, which the route authorization
/// test rejects. The document itself needs the read role: it maps the whole admin surface, which an anonymous caller
/// has no need to see, and every client that can use the API has a key.
/// </summary>
public static class ServiceOpenApi
{
    public const string RoleExtension = "x-tollgate-role";
    public const string Anonymous = "anonymous";
    public const string DocumentPath = "/openapi/v1.json";

    public static void Add(IServiceCollection services) => services.AddOpenApi(options => options.AddOperationTransformer((operation, context, _) =>
    {
        if (RoleOf(context.Description.ActionDescriptor.EndpointMetadata) is { } role)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RoleExtension] = new JsonNodeExtension(JsonValue.Create(role));
        }

        return Task.CompletedTask;
    }));

    public static void Map(WebApplication app) => app.MapOpenApi(DocumentPath).RequireRole(ServiceRole.ReadOnly);

    /// <summary>
    /// The role an endpoint declared: "anonymous" if it allows anonymous callers, else the highest of its role policies
    /// (a group's and its own both apply); null when it declared none of them.
    /// </summary>
    public static string? RoleOf(IEnumerable<object> metadata)
    {
        var items = metadata.ToList();
        if (items.OfType<IAllowAnonymous>().Any())
        {
            return Anonymous;
        }

        var roles = items.OfType<IAuthorizeData>().Select(a => ServiceRoles.FromPolicy(a.Policy)).ToList();
        return roles.Count == 0 || roles.Any(r => r is null) ? null : roles.Max()!.Value.Name();
    }
}
