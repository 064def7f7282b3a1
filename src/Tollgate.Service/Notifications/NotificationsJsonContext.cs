using System.Text.Json.Serialization;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications;

/// <summary>Body of POST /v1/subscriptions.</summary>
public sealed record CreateSubscriptionRequest(string? Type, string? Key);

/// <summary>Body of PATCH /v1/subscriptions/{id}.</summary>
public sealed record UpdateSubscriptionRequest(bool? Active);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateSubscriptionRequest))]
[JsonSerializable(typeof(UpdateSubscriptionRequest))]
[JsonSerializable(typeof(Subscription))]
[JsonSerializable(typeof(IReadOnlyList<Subscription>))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(CreatedWebhook))]
[JsonSerializable(typeof(WebhookView))]
[JsonSerializable(typeof(IReadOnlyList<WebhookView>))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetter>))]
[JsonSerializable(typeof(IReadOnlyList<EventRecord>))]
internal sealed partial class NotificationsJsonContext : JsonSerializerContext;
