using System.Text.Json.Nodes;

namespace Tollgate.Service.Notifications.Webhooks;

/// <summary>
/// The request body for each webhook format: our envelope (generic), a Slack incoming-webhook message, or a JIRA
/// issue-creation body (REST v2 with a plain-text description, v3 with an Atlassian Document Format description).
/// </summary>
public static class WebhookBodies
{
    public static JsonObject Render(Webhook webhook, Notification notification) => webhook.Format switch
    {
        WebhookFormats.Slack => Slack(notification),
        WebhookFormats.JiraV2 => Jira(webhook, notification, new JsonObject { ["description"] = Description(notification) }),
        WebhookFormats.JiraV3 => Jira(webhook, notification, new JsonObject { ["description"] = Adf(Description(notification)) }),
        _ => notification.ToJson(),
    };

    /// <summary>Slack: "text" is the fallback shown in notifications; blocks carry a header and the details.</summary>
    private static JsonObject Slack(Notification n) => new()
    {
        ["text"] = $"[tollgate] {n.Type}: {n.Summary}",
        ["blocks"] = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate($"tollgate {n.Type} ({n.Level})", 150) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Truncate(n.Summary, 3000) } },
            new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = $"event `{n.Id}` · subject `{n.Subject}` · {n.At:u}" } },
            },
        },
    };

    private static JsonObject Jira(Webhook webhook, Notification n, JsonObject description)
    {
        var fields = new JsonObject
        {
            ["project"] = new JsonObject { ["key"] = webhook.JiraProject },
            ["issuetype"] = new JsonObject { ["name"] = webhook.JiraIssueType },
            ["summary"] = Truncate($"[tollgate] {n.Type}: {n.Summary}", 254), // JIRA's summary limit is 255 characters
            ["labels"] = new JsonArray { "tollgate", n.Type },
        };
        foreach (var (key, value) in description)
        {
            fields[key] = value?.DeepClone();
        }

        return new JsonObject { ["fields"] = fields };
    }

    private static string Description(Notification n) =>
        $"{n.Summary}\n\nevent: {n.Id}\ntype: {n.Type}\nlevel: {n.Level}\nsubject: {n.Subject}\nat: {n.At:O}\n\n{n.Data.ToJsonString()}";

    /// <summary>Atlassian Document Format: one paragraph per line group, the data as a code block.</summary>
    private static JsonObject Adf(string text)
    {
        var content = new JsonArray();
        foreach (var paragraph in text.Split("\n\n"))
        {
            var isJson = paragraph.StartsWith('{');
            content.Add(new JsonObject
            {
                ["type"] = isJson ? "codeBlock" : "paragraph",
                ["attrs"] = isJson ? new JsonObject { ["language"] = "json" } : null,
                ["content"] = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = paragraph } },
            });
        }

        foreach (var node in content.OfType<JsonObject>().Where(o => o["attrs"] is null))
        {
            node.Remove("attrs");
        }

        return new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
