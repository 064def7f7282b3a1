using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Security;
using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications;

/// <summary>/v1/subscriptions, /v1/webhooks, /v1/notifications/dead-letters and the events log /v1/events.</summary>
public static class NotificationsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var subscriptions = routes.MapGroup("/v1/subscriptions");
        subscriptions.MapGet("/", (SubscriptionStore store, string? type) => TypedResults.Ok(store.List(type))).RequireRole(ServiceRole.ReadOnly);
        subscriptions.MapPost("/", AddSubscription).RequireRole(ServiceRole.Admin);
        subscriptions.MapGet("/{id}", (string id, SubscriptionStore store) => Found(store.Get(id), id)).RequireRole(ServiceRole.ReadOnly);
        subscriptions.MapPatch("/{id}", UpdateSubscription).RequireRole(ServiceRole.Admin);
        subscriptions.MapDelete("/{id}", (string id, SubscriptionStore store, Audit audit, HttpContext http) =>
            Deleted(Audited(store.Delete(id), audit, http, "subscription.delete", id), id)).RequireRole(ServiceRole.Admin);

        var webhooks = routes.MapGroup("/v1/webhooks");
        webhooks.MapGet("/", (WebhookStore store) => TypedResults.Ok(store.Views())).RequireRole(ServiceRole.Admin);
        webhooks.MapPost("/", AddWebhook).RequireRole(ServiceRole.Admin);
        webhooks.MapGet("/{id}", (string id, WebhookStore store) => Found(store.View(id), id)).RequireRole(ServiceRole.Admin);
        webhooks.MapDelete("/{id}", (string id, WebhookStore store, Audit audit, HttpContext http) =>
            Deleted(Audited(store.Delete(id), audit, http, "webhook.delete", id), id)).RequireRole(ServiceRole.Admin);

        var dead = routes.MapGroup("/v1/notifications/dead-letters");
        dead.MapGet("/", (WebhookStore store) => TypedResults.Ok(store.DeadLetters())).RequireRole(ServiceRole.Admin);
        dead.MapPost("/{id:long}/replay", (long id, WebhookStore store, Audit audit, HttpContext http) =>
            Audited(store.Replay(id), audit, http, "dead_letter.replay", id.ToString(CultureInfo.InvariantCulture))
            ? Results.Accepted()
            : Results.Problem($"no dead letter {id}", statusCode: StatusCodes.Status404NotFound)).RequireRole(ServiceRole.Admin);

        routes.MapGet("/v1/events", ListEvents).RequireRole(ServiceRole.ReadOnly);
    }

    private static Results<Created<Subscription>, ProblemHttpResult> AddSubscription(CreateSubscriptionRequest request, SubscriptionStore store, Audit audit, HttpContext http)
    {
        if (request.Type is null || !NotificationTypes.All.Contains(request.Type))
        {
            return BadRequest($"body.type: expected one of {string.Join(", ", NotificationTypes.All)}");
        }

        if (string.IsNullOrWhiteSpace(request.Key))
        {
            return BadRequest("body.key: an image tag, registry reference, digest, image id or \"*\" is required");
        }

        if (request.Type == NotificationTypes.TagUpdate && (request.Key == SubscriptionStore.AllImages || !request.Key.Contains('/') || request.Key.Contains('@')))
        {
            return BadRequest("body.key: tag_update watches a registry tag, e.g. registry.example.com/team/app:1.2");
        }

        var subscription = store.Add(request.Type, request.Key.Trim());
        audit.Record(http, "subscription.create", subscription.Id);
        return TypedResults.Created($"/v1/subscriptions/{subscription.Id}", subscription);
    }

    private static Results<Ok<Subscription>, ProblemHttpResult> UpdateSubscription(string id, UpdateSubscriptionRequest request, SubscriptionStore store, Audit audit, HttpContext http)
    {
        if (request.Active is not { } active)
        {
            return BadRequest("body.active: true or false is required");
        }

        return Audited(store.SetActive(id, active), audit, http, active ? "subscription.activate" : "subscription.deactivate", id) ? TypedResults.Ok(store.Get(id)!) : NotFound(id);
    }

    private static async Task<Results<Created<CreatedWebhook>, ProblemHttpResult>> AddWebhook(CreateWebhookRequest request, WebhookStore store, OutboundPolicy outbound, Audit audit, HttpContext http, CancellationToken cancellationToken)
    {
        var format = request.Format ?? WebhookFormats.Generic;
        var types = request.Types ?? [];
        var problem = request.Url is null ? "body.url: a webhook URL is required"
            : !WebhookFormats.All.Contains(format) ? $"body.format: expected one of {string.Join(", ", WebhookFormats.All)}"
            : types.FirstOrDefault(t => !NotificationTypes.All.Contains(t)) is { } badType ? $"body.types: unknown type {badType} (expected {string.Join(", ", NotificationTypes.All)})"
            : format is WebhookFormats.JiraV2 or WebhookFormats.JiraV3 && (string.IsNullOrWhiteSpace(request.JiraProject) || string.IsNullOrWhiteSpace(request.JiraIssueType))
                ? "body.jira_project and body.jira_issue_type are required for JIRA formats"
            : request.Secret is { Length: < 16 } ? "body.secret: at least 16 characters"
            : null;
        if (problem is null && await outbound.CheckAsync(request.Url!, cancellationToken) is { } refusal)
        {
            problem = "body.url: " + refusal;
        }

        if (problem is not null)
        {
            return BadRequest(problem);
        }

        var secret = request.Secret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var webhook = store.Add(new Webhook($"wh_{Guid.NewGuid():n}", request.Url!, format, types, secret, request.Authorization,
            request.JiraProject, request.JiraIssueType, DateTimeOffset.UtcNow));
        audit.Record(http, "webhook.create", webhook.Id);
        return TypedResults.Created($"/v1/webhooks/{webhook.Id}", new CreatedWebhook(webhook.ToView(), secret));
    }

    private static Results<Ok<IReadOnlyList<EventRecord>>, ProblemHttpResult> ListEvents(EventLog events, string? type, string? level, string? since, string? until, int? limit)
    {
        DateTimeOffset? from = null, to = null;
        if (since is not null && !TryTime(since, out from))
        {
            return BadRequest($"since: '{since}' is not an ISO 8601 time");
        }

        if (until is not null && !TryTime(until, out to))
        {
            return BadRequest($"until: '{until}' is not an ISO 8601 time");
        }

        if (limit is < 1 or > 10_000)
        {
            return BadRequest("limit: 1..10000");
        }

        return TypedResults.Ok(events.List(type, level, from, to, limit ?? 1000));
    }

    /// <summary>Records <paramref name="action"/> in the audit log when it changed something; returns whether it did.</summary>
    private static bool Audited(bool changed, Audit audit, HttpContext http, string action, string subject)
    {
        if (changed)
        {
            audit.Record(http, action, subject);
        }

        return changed;
    }

    private static bool TryTime(string text, out DateTimeOffset? value)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }

    private static Results<Ok<T>, ProblemHttpResult> Found<T>(T? value, string id) where T : class =>
        value is null ? NotFound(id) : TypedResults.Ok(value);

    private static Results<NoContent, ProblemHttpResult> Deleted(bool deleted, string id) => deleted ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem($"no {id}", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
