using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Service.Security;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Database.Update;

namespace Tollgate.Service.Feeds;

/// <summary>/v1/feeds: feed status and version (read-only), on-demand update or local import (admin).</summary>
public static class FeedsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/feeds");
        group.MapGet("/", Status).RequireRole(ServiceRole.ReadOnly);
        group.MapPost("/update", Update).RequireRole(ServiceRole.Admin);
        group.MapGet("/updates/{jobId:long}", (long jobId, FeedStore feeds) => TypedResults.Ok(feeds.Status(jobId))).RequireRole(ServiceRole.ReadOnly);
    }

    private static Ok<FeedsStatus> Status(FeedStore feeds, FeedUpdateRunner runner)
    {
        Vulnerabilities.Model.VulnDbInfo? info = null;
        if (File.Exists(runner.VulnDbPath))
        {
            using var db = VulnDb.Open(runner.VulnDbPath);
            info = db.Info();
        }

        return TypedResults.Ok(new FeedsStatus(feeds.Current(), info, feeds.Recent(10)));
    }

    /// <summary>Queues a `db update` (optionally of NAME=URL sources) or the import of a server-local file or folder.</summary>
    private static Results<Accepted<FeedUpdateStatus>, ProblemHttpResult> Update(FeedUpdateRequest? request, FeedStore feeds, Audit audit, HttpContext http)
    {
        request ??= new FeedUpdateRequest(null, null);
        if (request.Path is { Length: > 0 } path)
        {
            if (request.Sources is { Count: > 0 })
            {
                return Problem("body: give either path (local import) or sources (download), not both");
            }

            if (!Path.IsPathFullyQualified(path) || (!File.Exists(path) && !Directory.Exists(path)))
            {
                return Problem($"body.path: {path} is not an existing absolute file or folder on the server");
            }
        }

        try
        {
            FeedSourceCatalog.Select(request.Sources ?? []);
        }
        catch (FormatException e)
        {
            return Problem("body.sources: " + e.Message);
        }

        var job = feeds.Queue(request);
        audit.Record(http, "feeds.update", job.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Accepted($"/v1/feeds/updates/{job}", new FeedUpdateStatus(job, "pending", null, null));
    }

    private static ProblemHttpResult Problem(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
