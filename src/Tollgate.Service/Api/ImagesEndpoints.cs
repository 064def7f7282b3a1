using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Service.Security;
using Tollgate.Service.Store;

namespace Tollgate.Service.Api;

/// <summary>/v1/images: submit for analysis, list, get, delete.</summary>
public static class ImagesEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/images").RequireRole(ServiceRole.ReadOnly);
        group.MapPost("/", Submit).RequireRole(ServiceRole.Ci);
        group.MapGet("/", (ImageStore images) => TypedResults.Ok(images.List()));
        group.MapGet("/{id}", Get);
        group.MapDelete("/{id}", Delete).RequireRole(ServiceRole.Admin);
    }

    private static Results<Accepted<ImageRecord>, ProblemHttpResult> Submit(SubmitImageRequest request, ImageStore images, LocalSourcePolicy localSources)
    {
        if (string.IsNullOrWhiteSpace(request.Source))
        {
            return TypedResults.Problem("body.source: an image reference is required", statusCode: StatusCodes.Status400BadRequest);
        }

        var (source, problem) = localSources.Admit(request.Source.Trim());
        if (problem is not null)
        {
            return TypedResults.Problem("body.source: " + problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var image = images.Add(source!, request.Tag);
        return TypedResults.Accepted($"/v1/images/{image.Id}", image);
    }

    private static Results<Ok<ImageRecord>, ProblemHttpResult> Get(string id, ImageStore images) =>
        images.Get(id) is { } image
            ? TypedResults.Ok(image)
            : TypedResults.Problem($"no image {id}", statusCode: StatusCodes.Status404NotFound);

    private static Results<NoContent, ProblemHttpResult> Delete(string id, ImageStore images) =>
        images.Delete(id)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"no image {id}", statusCode: StatusCodes.Status404NotFound);
}
