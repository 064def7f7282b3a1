using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Policy.Bundles;
using Tollgate.Service.Admission.Backend;
using Tollgate.Service.Admission.Review;
using Tollgate.Service.Admission.Selection;
using Tollgate.Service.Admission.Tls;
using Tollgate.Service.Admission.Verdicts;
using Tollgate.Service.Store;

namespace Tollgate.Service.Admission;

/// <summary>
/// Wires the webhook into `tollgate serve` with one call: POST /v1/admission/validate and /v1/admission/mutate,
/// served ahead of the API's own authentication (the API server authenticates with the serving certificate, and
/// optionally a bearer token), HTTPS from reloaded certificate files when configured. Every answer is an
/// AdmissionReview with a body — never a bare 500.
/// </summary>
public static class AdmissionWebhook
{
    public const string ValidatePath = "/v1/admission/validate";
    public const string MutatePath = "/v1/admission/mutate";
    private const long MaxBody = 8 * 1024 * 1024;

    public static void Add(WebApplicationBuilder builder, AdmissionOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        if (options.TlsCertFile is not null || options.TlsKeyFile is not null)
        {
            var certificate = new WebhookCertificate(
                options.TlsCertFile ?? throw new ArgumentException("admission TLS: a key file needs a certificate file"),
                options.TlsKeyFile ?? throw new ArgumentException("admission TLS: a certificate file needs a key file"),
                options.ReloadCheckInterval);
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificateSelector = (_, _) => certificate.Current));
        }

        builder.Services.AddSingleton<IAdmissionBackend>(sp =>
        {
            var store = new StoreAdmissionBackend(sp.GetRequiredService<ImageStore>(), sp.GetRequiredService<EventLog>(), options,
                sp.GetRequiredService<Checks.AnalysisCache>(), sp.GetService<Policies.PolicyStore>(), sp.GetService<Checks.CheckService>(),
                sp.GetService<Workers.IAnalysisSourceAccess>());
            var database = sp.GetRequiredService<StoreDatabase>();
            return new CachingBackend(store, () => database.Generation, options.ReloadCheckInterval, TimeProvider.System);
        });
        builder.Services.AddSingleton(_ => NamespaceLabels.InCluster());
        builder.Services.AddSingleton(sp => new ImageCheck(sp.GetRequiredService<IAdmissionBackend>(), new VerdictCache(), TimeProvider.System));
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.Admission");
            return new AdmissionReviewer(sp.GetRequiredService<ImageCheck>(), PolicySource(options, logger), sp.GetRequiredService<NamespaceLabels>(), logger);
        });
        var token = options.TokenFile is null ? null : new WatchedFiles<string>([options.TokenFile], () => File.ReadAllText(options.TokenFile).Trim(), options.ReloadCheckInterval);
        builder.Services.AddSingleton<IStartupFilter>(new AheadOfApi(token));
    }

    /// <summary>The admission rules: the config file (JSON or YAML, validated, re-read on change) or the inline policy.</summary>
    public static Func<AdmissionPolicy> PolicySource(AdmissionOptions options, ILogger logger)
    {
        if (options.ConfigFile is null)
        {
            PolicySelection.Validate(options.Policy);
            return () => options.Policy;
        }

        var file = new WatchedFiles<AdmissionPolicy>([options.ConfigFile], () => ReadPolicy(options.ConfigFile), options.ReloadCheckInterval)
        {
            ReloadFailed = e => logger.LogError("admission config {File} not reloaded, the previous rules stay in force: {Problem}", options.ConfigFile, e.Message),
        };
        _ = file.Current;
        return () => file.Current;
    }

    public static AdmissionPolicy ReadPolicy(string path)
    {
        var text = File.ReadAllText(path);
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? text : YamlToJson.Convert(text)?.ToJsonString() ?? "{}";
        try
        {
            var policy = JsonSerializer.Deserialize(json, AdmissionJsonContext.Default.AdmissionPolicy)
                ?? throw new FormatException($"{path}: empty admission config");
            PolicySelection.Validate(policy);
            return policy;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Path}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Handles one POST: read (bounded), parse, review, answer — a problem at any step is still an AdmissionReview.</summary>
    public static async Task HandleAsync(HttpContext context, bool mutating, WatchedFiles<string>? token)
    {
        var reviewer = context.RequestServices.GetRequiredService<AdmissionReviewer>();
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await Write(context, StatusCodes.Status405MethodNotAllowed, reviewer.Unreadable("", $"{context.Request.Method} {context.Request.Path}: only POST is accepted"));
            return;
        }

        if (token is not null && !TokenMatches(context.Request.Headers.Authorization.ToString(), token.Current))
        {
            await Write(context, StatusCodes.Status401Unauthorized, new AdmissionResponse
            {
                Uid = "",
                Allowed = false,
                Result = new AdmissionStatus { Outcome = "Failure", Code = 401, Reason = "Unauthorized", Message = "admission webhook: missing or wrong bearer token" },
            });
            return;
        }

        var body = await ReadBounded(context.Request.Body, context.Request.ContentLength, context.RequestAborted);
        if (body is null)
        {
            await Write(context, StatusCodes.Status200OK, reviewer.Unreadable("", $"the AdmissionReview is larger than {MaxBody / 1024 / 1024} MiB"));
            return;
        }

        AdmissionReview? review;
        try
        {
            review = JsonSerializer.Deserialize(body, AdmissionJsonContext.Default.AdmissionReview);
        }
        catch (JsonException e)
        {
            await Write(context, StatusCodes.Status200OK, reviewer.Unreadable(UidOf(body), $"malformed AdmissionReview at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}"));
            return;
        }

        if (review?.Request is not { } request)
        {
            await Write(context, StatusCodes.Status200OK, reviewer.Unreadable("", "the AdmissionReview has no request"));
            return;
        }

        AdmissionResponse response;
        try
        {
            response = await reviewer.ReviewAsync(request, mutating, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.Admission").LogError(e, "admission review {Uid} failed", request.Uid);
            response = reviewer.Unreadable(request.Uid ?? "", $"internal error: {e.Message}");
        }

        await Write(context, StatusCodes.Status200OK, response, review.ApiVersion);
    }

    private static async Task Write(HttpContext context, int status, AdmissionResponse response, string? apiVersion = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // The API server requires the answer in the request's version; v1beta1 has the same shape.
        var review = AdmissionReview.Answer(response) with { ApiVersion = apiVersion is "admission.k8s.io/v1beta1" ? apiVersion : AdmissionReview.V1 };
        await JsonSerializer.SerializeAsync(context.Response.Body, review, AdmissionJsonContext.Default.AdmissionReview, context.RequestAborted);
    }

    private static async Task<byte[]?> ReadBounded(Stream body, long? length, CancellationToken cancellationToken)
    {
        if (length is > MaxBody)
        {
            return null;
        }

        if (length is { } known)
        {
            // The API server always sends Content-Length: one exact buffer, no copies.
            var exact = new byte[known];
            try
            {
                await body.ReadExactlyAsync(exact, cancellationToken);
                return exact;
            }
            catch (EndOfStreamException)
            {
                return []; // shorter than announced: answered as a malformed review
            }
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The request uid of a body that does not deserialize, so the answer can still be matched to it.</summary>
    private static string UidOf(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("request", out var r) && r.ValueKind == JsonValueKind.Object
                && r.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String ? uid.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static bool TokenMatches(string header, string expected) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>Maps the admission paths before the application's middleware, so API-key authentication does not apply to them.</summary>
    private sealed class AheadOfApi(WatchedFiles<string>? token) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Built now, so a bad config file or bundle stops the start instead of the first admission.
            _ = app.ApplicationServices.GetRequiredService<AdmissionReviewer>();
            app.Map(ValidatePath, branch => branch.Run(context => HandleAsync(context, mutating: false, token)));
            app.Map(MutatePath, branch => branch.Run(context => HandleAsync(context, mutating: true, token)));
            next(app);
        };
    }
}
