using Tollgate.Service.Api;
using Tollgate.Service.Security;
using Tollgate.Service.Store;
using Tollgate.Service.Workers;

namespace Tollgate.Service;

/// <summary>Builds the `tollgate serve` web application: store, background worker, authentication, endpoints.</summary>
public static class ServiceApp
{
    public static WebApplication Build(ServiceOptions options, string adminKey, string urls)
    {
        var database = StoreDatabase.Open(options.Store);
        var auth = new ApiKeyAuthentication(adminKey);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        StoreServices.Add(builder.Services);
        builder.Services.AddSingleton<AnalysisRunner>();
        builder.Services.AddHostedService<AnalysisWorker>();
        builder.Services.AddProblemDetails();
        Admission.AdmissionWebhook.Add(builder, options.Admission);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default));

        var app = builder.Build();
        app.Use(auth.InvokeAsync);
        app.MapGet("/health", () => TypedResults.Ok());
        app.MapGet("/ready", (JobQueue queue) => { queue.Depth(); return TypedResults.Ok(); });
        ImagesEndpoints.Map(app);
        return app;
    }
}
