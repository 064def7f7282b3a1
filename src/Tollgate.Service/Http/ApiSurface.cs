using Tollgate.Service.Checks;
using Tollgate.Service.Images;
using Tollgate.Service.Policies;
using Tollgate.Service.Registries;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Http;

/// <summary>The API's services and endpoint groups beyond the store foundation (add a line per area).</summary>
public static class ApiSurface
{
    public static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(ApiJsonContext.Default));
        services.AddSingleton<VulnDbSource>();
        services.AddSingleton<AnalysisCache>();
        services.AddSingleton<CheckService>();
        services.AddSingleton(provider => SecretBox.FromOptions(provider.GetRequiredService<ServiceOptions>()));
        services.AddSingleton<IAnalysisSourceAccess, Images.ServiceSourceAccess>();
        services.AddSingleton<Security.LocalSourcePolicy>();
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        PoliciesEndpoints.Map(routes);
        CheckEndpoints.Map(routes);
        ImageDataEndpoints.Map(routes);
        RegistriesEndpoints.Map(routes);
    }
}
