using Tollgate.Service.Api;
using Tollgate.Service.Http;
using Tollgate.Service.Notifications;
using Tollgate.Service.Operations;
using Tollgate.Service.Security;
using Tollgate.Service.Store;
using Tollgate.Service.Workers;

namespace Tollgate.Service;

/// <summary>
/// Builds the `tollgate serve` web application. Each area registers its services with one call and maps its endpoints
/// with one call; every endpoint declares its role (<see cref="ServiceRoles.RequireRole"/>).
/// </summary>
public static class ServiceApp
{
    public static WebApplication Build(ServiceOptions options, string adminKey, string urls)
    {
        var database = StoreDatabase.Open(options.Store);
        var builder = WebApplication.CreateSlimBuilder();
        // ASP.NET Core's own per-request lines (request starting/finished, endpoint executing) at Warning, as its
        // templates' appsettings do: at Information they cost more CPU than an admission answer. A default only:
        // Logging__LogLevel__Microsoft.AspNetCore=Information in the environment brings them back.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => database); // a factory, so the host disposes it on shutdown
        StoreServices.Add(builder.Services);
        ServiceSecurity.Add(builder.Services, adminKey);
        ServiceWorkers.Add(builder.Services, options);
        ServiceOpenApi.Add(builder.Services);
        NotificationsModule.AddServices(builder.Services, options);
        builder.Services.AddProblemDetails();
        builder.AddOperations(options);
        ApiSurface.AddServices(builder.Services);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // The generated contexts' own naming applies only with their own options: say snake_case for the whole API.
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default);
        });
        Admission.AdmissionWebhook.Add(builder, options.Admission);

        var app = builder.Build();
        ServiceSecurity.Use(app);
        HealthEndpoints.Map(app);
        if (options.RunApi)
        {
            ServiceOpenApi.Map(app);
            ApiKeysEndpoints.Map(app);
            ImagesEndpoints.Map(app);
            ApiSurface.Map(app);
            NotificationsModule.Map(app);
        }

        app.MapOperations();
        NotificationsModule.WatchAnalyses(app.Services);
        app.Services.GetRequiredService<Notifications.Webhooks.WebhookStore>().SealPlaintextSecrets(); // rows from before secrets were sealed
        return app;
    }
}

/// <summary>/health (the process is up) and /ready (the store answers): anonymous, for probes.</summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok()).AllowAnonymous();
        routes.MapGet("/ready", (JobQueue queue) =>
        {
            queue.Depth();
            return TypedResults.Ok();
        }).AllowAnonymous();
    }
}
