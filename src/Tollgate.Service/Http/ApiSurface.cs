using Tollgate.Service.Checks;
using Tollgate.Service.Policies;

namespace Tollgate.Service.Http;

/// <summary>The API's services and endpoint groups beyond the store foundation (add a line per area).</summary>
public static class ApiSurface
{
    public static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            // The contexts declare snake_case (Anchore's style), but the web defaults' camelCase would win at run time.
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.TypeInfoResolverChain.Add(ApiJsonContext.Default);
        });
        services.AddSingleton<VulnDbSource>();
        services.AddSingleton<AnalysisCache>();
        services.AddSingleton<CheckService>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        PoliciesEndpoints.Map(routes);
        CheckEndpoints.Map(routes);
    }
}
