using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Service.Notifications.Webhooks;

/// <summary>
/// How a delivery is signed, so a receiver can check it came from us and is not a replay:
/// <c>X-Tollgate-Signature: sha256=HEX</c> where HEX = HMAC-SHA256(secret, "{timestamp}.{event id}.{body}"), with the
/// Unix-seconds timestamp in <c>X-Tollgate-Timestamp</c> and the event id in <c>X-Tollgate-Event-Id</c>. Receivers
/// reject old timestamps (e.g. older than 5 minutes) and event ids they already processed.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Tollgate-Signature";
    public const string TimestampHeader = "X-Tollgate-Timestamp";
    public const string EventIdHeader = "X-Tollgate-Event-Id";
    public const string EventTypeHeader = "X-Tollgate-Event";

    public static string Sign(string secret, long timestamp, string eventId, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{eventId}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>Constant-time check of a received signature, refusing timestamps outside <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string? signature, string? timestamp, string? eventId, ReadOnlySpan<byte> body, TimeSpan tolerance, DateTimeOffset now)
    {
        if (signature is null || eventId is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, eventId, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
