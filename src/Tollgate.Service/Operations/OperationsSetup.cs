using System.Diagnostics.Metrics;
using Tollgate.Service.Store;
using Tollgate.Vulnerabilities.Database;

namespace Tollgate.Service.Operations;

/// <summary>
/// Wires the operations side into the app with two calls from ServiceApp: <see cref="AddOperations"/> (after the
/// store is registered) and <see cref="MapOperations"/>.
/// </summary>
public static class OperationsSetup
{
    /// <summary>Meters exported besides the service's own: static Tollgate.* meters (the policy engine's verdicts),
    /// ASP.NET Core's request metrics and the runtime's (GC, CPU, memory).</summary>
    private static readonly HashSet<string> AppScopedMeters = [ServiceMetrics.MeterName, "Microsoft.AspNetCore.Hosting"];

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder, ServiceOptions options)
    {
        if (options.LogFormat == ServiceOptions.JsonLogs)
        {
            // One JSON object per line with the message template's values as fields, for log shippers.
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.IncludeScopes = true;
            });
        }

        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton(sp => new ServiceMetrics(sp.GetRequiredService<IMeterFactory>(), sp, () => VulnDbLocation.Resolve(options.VulnDbPath)));
        services.AddSingleton(sp =>
        {
            var ours = sp.GetRequiredService<IMeterFactory>();
            return new MetricsCollector(meter => meter.Scope == ours ? AppScopedMeters.Contains(meter.Name)
                : meter.Scope is null && (meter.Name.StartsWith("Tollgate.", StringComparison.Ordinal) || meter.Name == "System.Runtime"));
        });
        return builder;
    }

    /// <summary>GET /metrics (authenticated like the API: metrics name images' tags and routes).</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        // Created now, not at the first scrape, so instruments exist and request counts start from the first request.
        var collector = app.Services.GetRequiredService<MetricsCollector>();
        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        app.Services.GetRequiredService<Workers.AnalysisRunner>().JobFinished += metrics.RecordJob;
        app.MapGet("/metrics", () =>
        {
            // A few kilobytes: written to memory, then sent (Kestrel refuses synchronous writes to the body).
            using var text = new StringWriter();
            PrometheusText.Write(collector.Collect(), text);
            return TypedResults.Text(text.ToString(), PrometheusText.ContentType);
        }).ExcludeFromDescription();
        return app;
    }
}
