using Microsoft.AspNetCore.WebUtilities;
using Tollgate.Sbom;
using Tollgate.Sbom.Common;
using Tollgate.Service.Checks;
using Tollgate.Service.Http;
using Tollgate.Service.Security;
using Tollgate.Service.Store;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Images;

/// <summary>
/// Images beyond submit/list/get: upload an archive or an SBOM (streamed to the spool, then queued like a reference),
/// and read an analysed image's content by type, its vulnerabilities and its SBOM in every format the CLI writes.
/// Roles: ci to upload, read-only to read.
/// </summary>
public static class ImageDataEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/images").RequireRole(ServiceRole.ReadOnly);
        group.MapPost("/archive", (HttpRequest request, ImageStore images, ServiceOptions options, string? tag, CancellationToken ct) =>
            UploadAsync(request, images, options, tag, ".tar", path => path, ct)).RequireRole(ServiceRole.Ci);
        group.MapPost("/sbom", (HttpRequest request, ImageStore images, ServiceOptions options, string? tag, CancellationToken ct) =>
            UploadAsync(request, images, options, tag, ".sbom", path => AnalysisRunner.SbomPrefix + path, ct)).RequireRole(ServiceRole.Ci);

        group.MapGet("/{id}/content", () => Results.Ok(ImageContent.Types));
        group.MapGet("/{id}/content/{type}", Content);
        group.MapGet("/{id}/vuln", () => Results.Ok(ImageVulnerabilities.Types));
        group.MapGet("/{id}/vuln/{type}", Vulnerabilities);
        group.MapGet("/{id}/sbom", () => Results.Ok(SbomFormats.Names));
        group.MapGet("/{id}/sbom/{format}", SbomAsync);
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, ImageStore images, ServiceOptions options, string? tag, string extension,
        Func<string, string> source, CancellationToken ct)
    {
        var path = await UploadSpool.SaveAsync(request, options, options.MaxUploadBytes, extension, ct);
        if (path is null)
        {
            return ApiProblems.TooLarge("the upload", options.MaxUploadBytes);
        }

        var image = images.Add(source(path), string.IsNullOrEmpty(tag) ? null : tag);
        return TypedResults.Accepted($"/v1/images/{image.Id}", image);
    }

    private static IResult Content(string id, string type, AnalysisCache analyses) =>
        analyses.Load(id) is not { } stored ? NotAnalyzed(id)
        : ImageContent.Of(stored.Analysis, type) is { } content ? Results.Ok(new ContentResponse(stored.Image.Digest!, type, content))
        : ApiProblems.NotFound($"no content type '{type}' (types: {string.Join(", ", ImageContent.Types)})");

    private static IResult Vulnerabilities(string id, string type, AnalysisCache analyses)
    {
        if (analyses.Load(id) is not { } stored)
        {
            return NotAnalyzed(id);
        }

        var (scan, dbVersion) = analyses.Scan(stored);
        return ImageVulnerabilities.Of(scan?.Matches ?? [], type) is { } rows
            ? Results.Ok(new VulnerabilityResponse(stored.Image.Digest!, type, rows, dbVersion))
            : ApiProblems.NotFound($"no vulnerability type '{type}' (types: os, non-os, all)");
    }

    private static async Task<IResult> SbomAsync(string id, string format, AnalysisCache analyses, HttpResponse response, CancellationToken ct)
    {
        if (!SbomFormats.Names.Contains(format))
        {
            return ApiProblems.NotFound($"no SBOM format '{format}' (formats: {string.Join(", ", SbomFormats.Names)})");
        }

        if (analyses.Load(id) is not { } stored)
        {
            return NotAnalyzed(id);
        }

        // The writers are synchronous; buffer (spilling to disk past 1 MB) and send asynchronously.
        await using var buffer = new FileBufferingWriteStream(memoryThreshold: 1024 * 1024);
        SbomFormats.Write(format, stored.Analysis, buffer, SbomSettings.FromEnvironment());
        response.ContentType = format switch
        {
            SbomFormats.CycloneDxXml => "application/vnd.cyclonedx+xml",
            SbomFormats.SpdxTagValue => "text/spdx; charset=utf-8",
            SbomFormats.CycloneDxJson => "application/vnd.cyclonedx+json",
            SbomFormats.SpdxJson => "application/spdx+json",
            _ => "application/json",
        };
        await buffer.DrainBufferAsync(response.Body, ct);
        return Results.Empty;
    }

    private static IResult NotAnalyzed(string id) => ApiProblems.NotFound($"image {id} is unknown or not analysed yet");
}
