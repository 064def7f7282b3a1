using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Service.Security;

/// <summary>The security area of the service in two calls: <see cref="Add"/> (services) and <see cref="Use"/> (middleware).</summary>
public static class ServiceSecurity
{
    public static void Add(IServiceCollection services, string adminKey)
    {
        services.AddSingleton(new BootstrapAdminKey(adminKey));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<Audit>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ServiceRoles.AddPolicies);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SecurityJsonContext.Default));
    }

    public static void Use(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyRecord>))]
internal sealed partial class SecurityJsonContext : JsonSerializerContext;
