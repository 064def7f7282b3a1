using System.Text.Json.Nodes;

namespace Tollgate.Service.Notifications;

/// <summary>
/// One notification as webhooks receive it (the generic format's body). <paramref name="Id"/> stays the same across
/// retries and replays, so receivers can drop duplicates; <paramref name="Subject"/> is the image (or tag) it is about.
/// </summary>
public sealed record Notification(string Id, string Type, string Level, string Subject, string Summary, DateTimeOffset At, JsonObject Data)
{
    public static Notification Create(string type, string level, string subject, string summary, JsonObject data) =>
        new($"evt_{Guid.NewGuid():n}", type, level, subject, summary, DateTimeOffset.UtcNow, data);

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["type"] = Type,
        ["level"] = Level,
        ["subject"] = Subject,
        ["summary"] = Summary,
        ["at"] = At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = Data.DeepClone(),
    };

    public static Notification FromJson(JsonObject json) => new(
        (string)json["id"]!,
        (string)json["type"]!,
        (string)json["level"]!,
        (string)json["subject"]!,
        (string)json["summary"]!,
        DateTimeOffset.Parse((string)json["at"]!, System.Globalization.CultureInfo.InvariantCulture),
        json["data"]!.AsObject().DeepClone().AsObject());
}
