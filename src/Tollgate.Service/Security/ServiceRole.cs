using Microsoft.AspNetCore.Authorization;

namespace Tollgate.Service.Security;

/// <summary>
/// The three roles of the API, each including the ones below it: admin ⊇ ci ⊇ read-only. ci submits images and
/// runs checks (what a pipeline needs); admin also manages keys, policies, registry credentials and subscriptions.
/// </summary>
public enum ServiceRole
{
    ReadOnly,
    Ci,
    Admin,
}

public static class ServiceRoles
{
    /// <summary>The role as stored and sent in JSON ("admin", "ci", "read-only").</summary>
    public static string Name(this ServiceRole role) => role switch
    {
        ServiceRole.Admin => "admin",
        ServiceRole.Ci => "ci",
        _ => "read-only",
    };

    /// <summary>The authorization policy that admits this role and every role above it ("admin", "ci", "read").</summary>
    public static string PolicyName(this ServiceRole role) => role switch
    {
        ServiceRole.Admin => "admin",
        ServiceRole.Ci => "ci",
        _ => "read",
    };

    public static ServiceRole? Parse(string? name) => name switch
    {
        "admin" => ServiceRole.Admin,
        "ci" => ServiceRole.Ci,
        "read-only" => ServiceRole.ReadOnly,
        _ => null,
    };

    public static ServiceRole? FromPolicy(string? policy) => Enum.GetValues<ServiceRole>().Cast<ServiceRole?>().FirstOrDefault(r => r!.Value.PolicyName() == policy);

    /// <summary>
    /// Declares the role an endpoint or a whole group needs, in one call:
    /// <code>var group = routes.MapGroup("/v1/policies").RequireRole(ServiceRole.Read); group.MapPost("/", …).RequireRole(ServiceRole.Admin);</code>
    /// When a group and an endpoint both declare a role, the caller needs both (so the higher one wins).
    /// </summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ServiceRole role)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(role.PolicyName());

    /// <summary>For /metrics: anonymous when the operator allowed it (--anonymous-metrics), else <paramref name="role"/>.</summary>
    public static TBuilder RequireRoleUnless<TBuilder>(this TBuilder builder, bool anonymousAllowed, ServiceRole role)
        where TBuilder : IEndpointConventionBuilder => anonymousAllowed ? builder.AllowAnonymous() : builder.RequireRole(role);

    internal static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<ServiceRole>())
        {
            var admitted = Enum.GetValues<ServiceRole>().Where(r => r >= role).Select(r => r.Name()).ToArray();
            options.AddPolicy(role.PolicyName(), policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(admitted));
        }

        // Secure by default: an endpoint that declares no role, or only RequireAuthorization(), is admin-only (and the
        // OpenAPI route test fails on it, because it documents no role).
        options.DefaultPolicy = options.GetPolicy(ServiceRole.Admin.PolicyName())!;
        options.FallbackPolicy = options.DefaultPolicy;
    }
}
