using System.Text.Json;
using Tollgate.Analysis;
using Tollgate.Images.References;
using Tollgate.Service.Http;
using Tollgate.Service.Security;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Checks;

/// <summary>
/// GET /v1/images/{digest}/check (Anchore's evaluation envelope, or ?format=tollgate for Tollgate's JSON) and the
/// stateless POST /v1/check (a registry reference as JSON, or an image archive as the body; nothing stored).
/// Role: ci (checks are what a pipeline runs).
/// </summary>
public static class CheckEndpoints
{
    public const string TollgateFormat = "tollgate";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/images/{digest}/check", Check).RequireRole(ServiceRole.ReadOnly);
        routes.MapPost("/v1/check", CheckStatelessAsync).RequireRole(ServiceRole.Ci);
    }

    private static IResult Check(string digest, CheckService checks, string? tag, string? policyId, string? policy_id, string? format)
    {
        try
        {
            return Render(checks.Evaluate(digest, policyId ?? policy_id, string.IsNullOrEmpty(tag) ? null : tag), format);
        }
        catch (CheckUnavailableException e)
        {
            return Problem(e);
        }
    }

    private static async Task<IResult> CheckStatelessAsync(HttpRequest request, CheckService checks, ServiceOptions options, IAnalysisSourceAccess access,
        string? tag, string? policyId, string? policy_id, string? format, CancellationToken ct)
    {
        string source;
        string? spooled = null;
        var policy = policyId ?? policy_id;
        if (request.HasJsonContentType())
        {
            var body = await request.ReadFromJsonAsync(ApiJsonContext.Default.CheckRequest, ct);
            if (string.IsNullOrWhiteSpace(body?.Source))
            {
                return ApiProblems.BadRequest("body.source: a registry reference is required (or send an image archive as the body)");
            }

            if (!IsRegistryReference(body.Source))
            {
                return ApiProblems.BadRequest($"body.source: '{body.Source}' is not a registry reference; upload archives as the request body");
            }

            (source, tag, policy) = (body.Source, body.Tag ?? tag, body.PolicyId ?? policy);
        }
        else
        {
            spooled = await UploadSpool.SaveAsync(request, options, options.MaxUploadBytes, ".tar", ct);
            if (spooled is null)
            {
                return ApiProblems.TooLarge("the image archive", options.MaxUploadBytes);
            }

            source = spooled;
        }

        try
        {
            var analyze = new AnalyzeOptions { Load = access.LoadOptionsFor(source) };
            return Render(await checks.EvaluateSourceAsync(source, analyze, policy, tag, ct), format);
        }
        catch (CheckUnavailableException e)
        {
            return Problem(e);
        }
        catch (Exception e) when (e is Tollgate.Images.ImageException or InvalidDataException or IOException or HttpRequestException)
        {
            return TypedResults.Problem($"the image could not be read: {e.Message}", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        finally
        {
            if (spooled is not null)
            {
                File.Delete(spooled);
            }
        }
    }

    private static IResult Render(CheckResult result, string? format) =>
        Results.Text(format == TollgateFormat ? result.TollgateJson : result.AnchoreJson, "application/json");

    private static IResult Problem(CheckUnavailableException e) => e.Problem switch
    {
        CheckProblem.ImageNotFound or CheckProblem.ImageNotAnalyzed => ApiProblems.NotFound(e.Message),
        _ => ApiProblems.BadRequest(e.Message),
    };

    /// <summary>Only registry references may be named: a path would let a client make the service read its own files.</summary>
    public static bool IsRegistryReference(string source)
    {
        if (File.Exists(source) || Directory.Exists(source))
        {
            return false;
        }

        try
        {
            return SourceReference.Parse(source).Kind == SourceKind.Registry;
        }
        catch (Tollgate.Images.ImageException)
        {
            return false;
        }
    }
}

/// <summary>Body of a stateless check by reference.</summary>
public sealed record CheckRequest(string? Source, string? Tag, string? PolicyId);
