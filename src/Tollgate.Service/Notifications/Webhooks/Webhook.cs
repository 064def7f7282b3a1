namespace Tollgate.Service.Notifications.Webhooks;

/// <summary>Body formats a webhook endpoint can receive.</summary>
public static class WebhookFormats
{
    /// <summary>The notification envelope as JSON (see <see cref="Notification.ToJson"/>).</summary>
    public const string Generic = "generic";

    /// <summary>A Slack incoming-webhook message (text + blocks).</summary>
    public const string Slack = "slack";

    /// <summary>JIRA issue creation, REST API v2 (plain-text description): POST the endpoint's /rest/api/2/issue URL.</summary>
    public const string JiraV2 = "jira-v2";

    /// <summary>JIRA issue creation, REST API v3 (description in Atlassian Document Format): /rest/api/3/issue.</summary>
    public const string JiraV3 = "jira-v3";

    public static IReadOnlyList<string> All { get; } = [Generic, Slack, JiraV2, JiraV3];
}

/// <summary>
/// A webhook endpoint. <paramref name="Secret"/> signs every body (HMAC-SHA256) and <paramref name="Authorization"/>
/// (e.g. JIRA's "Basic …") is sent as the Authorization header; neither is ever returned by the API.
/// </summary>
/// <param name="Types">Notification types delivered here; empty means every type.</param>
public sealed record Webhook(
    string Id,
    string Url,
    string Format,
    IReadOnlyList<string> Types,
    string Secret,
    string? Authorization,
    string? JiraProject,
    string? JiraIssueType,
    DateTimeOffset CreatedAt)
{
    public WebhookView ToView() => new(Id, Url, Format, Types, JiraProject, JiraIssueType, Authorization is not null, CreatedAt);
}

/// <summary>A webhook as the API shows it: no secret, no credentials.</summary>
public sealed record WebhookView(
    string Id,
    string Url,
    string Format,
    IReadOnlyList<string> Types,
    string? JiraProject,
    string? JiraIssueType,
    bool HasAuthorization,
    DateTimeOffset CreatedAt);

/// <summary>POST /v1/webhooks. Without <paramref name="Secret"/> the service generates one and returns it once.</summary>
public sealed record CreateWebhookRequest(
    string? Url,
    string? Format,
    IReadOnlyList<string>? Types,
    string? Secret,
    string? Authorization,
    string? JiraProject,
    string? JiraIssueType);

/// <summary>The answer to a webhook creation: the view plus the signing secret, shown this one time.</summary>
public sealed record CreatedWebhook(WebhookView Webhook, string Secret);

/// <summary>A delivery that failed <see cref="NotificationOptions.MaxAttempts"/> times, kept for replay.</summary>
public sealed record DeadLetter(long Id, string WebhookId, string NotificationId, string Type, int Attempts, string? LastError, DateTimeOffset At);
