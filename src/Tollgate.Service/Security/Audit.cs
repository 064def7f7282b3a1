using System.Security.Claims;
using Tollgate.Service.Store;

namespace Tollgate.Service.Security;

/// <summary>
/// The audit log: events of type "audit" saying which key changed what. Write it inside the transaction of the change
/// so the entry exists iff the change committed:
/// <code>database.Write(tx => { …change…; Audit.Record(tx, http, "policy.create", policyId); });</code>
/// or, when the change is not in a transaction of yours, <c>audit.Record(http, "subscription.delete", id)</c> with the
/// injected <see cref="Audit"/>. Actions are "area.verb" (key.create, key.revoke, policy.activate, registry.update,
/// subscription.create…); the subject is the id or name of the thing changed, never a secret.
/// </summary>
public sealed class Audit(EventLog events)
{
    public const string EventType = "audit";

    public void Record(HttpContext http, string action, string subject) => events.Add(EventType, "info", Message(http, action, subject), subject);

    public static void Record(StoreTransaction tx, HttpContext http, string action, string subject) =>
        EventLog.Add(tx, EventType, "info", Message(http, action, subject), subject);

    /// <summary>The key name the request was authenticated with.</summary>
    public static string Actor(HttpContext http) => http.User.Identity?.Name ?? "anonymous";

    private static string Message(HttpContext http, string action, string subject) =>
        $"{action} {subject} by {Actor(http)} ({http.User.FindFirstValue(ClaimTypes.Role) ?? "no role"})";
}
