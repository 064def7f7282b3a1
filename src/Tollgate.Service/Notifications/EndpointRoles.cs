namespace Tollgate.Service.Notifications;

/// <summary>The role each feeds/notifications endpoint needs (admin | ci | read-only).</summary>
public static class EndpointRoles
{
    public const string Admin = "admin";
    public const string Ci = "ci";
    public const string ReadOnly = "read-only";

    /// <summary>Marks the endpoint with the role it needs.</summary>
    public static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder endpoint, string role) => endpoint.WithMetadata(new RequiredRole(role));
}

/// <summary>Endpoint metadata: the least role allowed to call it.</summary>
public sealed record RequiredRole(string Role);
