using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications.Subscriptions;

/// <summary>A subscription: notifications of <paramref name="Type"/> for images matching <paramref name="Key"/>.</summary>
/// <param name="Key">An image tag or registry reference ("host/repo:tag"), an image digest or id, or "*" for every image.</param>
/// <param name="LastDigest">tag_update only: the digest the watched tag pointed at when last polled.</param>
public sealed record Subscription(string Id, string Type, string Key, bool Active, string? LastDigest, DateTimeOffset CreatedAt);

/// <summary>Subscriptions per image or tag and notification type; a notification is delivered only when one is active.</summary>
public sealed class SubscriptionStore(StoreDatabase database)
{
    public const string AllImages = "*";

    public static StoreSchema Schema { get; } = new("subscriptions",
    [
        """
        CREATE TABLE subscriptions(id TEXT PRIMARY KEY, type TEXT NOT NULL, subscription_key TEXT NOT NULL, active INTEGER NOT NULL,
            last_digest TEXT, created_at BIGINT NOT NULL, UNIQUE(type, subscription_key))
        """,
    ]);

    private const string Columns = "id, type, subscription_key, active, last_digest, created_at";

    /// <summary>Adds (or re-activates) the subscription for (type, key).</summary>
    public Subscription Add(string type, string key) => database.Write(tx =>
    {
        var existing = tx.QueryFirst($"SELECT {Columns} FROM subscriptions WHERE type = @t AND subscription_key = @k", Map, ("t", type), ("k", key));
        if (existing is not null)
        {
            tx.Execute("UPDATE subscriptions SET active = 1 WHERE id = @id", ("id", existing.Id));
            return existing with { Active = true };
        }

        var created = new Subscription($"sub_{Guid.NewGuid():n}", type, key, true, null, DateTimeOffset.UtcNow);
        tx.Execute("INSERT INTO subscriptions(id, type, subscription_key, active, created_at) VALUES (@id, @t, @k, 1, @at)",
            ("id", created.Id), ("t", type), ("k", key), ("at", created.CreatedAt));
        return created;
    });

    public IReadOnlyList<Subscription> List(string? type = null) => database.Read(tx => type is null
        ? tx.Query($"SELECT {Columns} FROM subscriptions ORDER BY created_at", Map)
        : tx.Query($"SELECT {Columns} FROM subscriptions WHERE type = @t ORDER BY created_at", Map, ("t", type)));

    public Subscription? Get(string id) => database.Read(tx => tx.QueryFirst($"SELECT {Columns} FROM subscriptions WHERE id = @id", Map, ("id", id)));

    public bool SetActive(string id, bool active) => database.Write(tx =>
        tx.Execute("UPDATE subscriptions SET active = @a WHERE id = @id", ("a", active), ("id", id)) > 0);

    public bool Delete(string id) => database.Write(tx => tx.Execute("DELETE FROM subscriptions WHERE id = @id", ("id", id)) > 0);

    /// <summary>True when an active subscription of <paramref name="type"/> covers any of the subject's <paramref name="keys"/>.</summary>
    public static bool Covers(StoreTransaction tx, string type, IReadOnlyCollection<string> keys)
    {
        var all = keys.Append(AllImages).Distinct(StringComparer.Ordinal).ToList();
        var list = string.Join(", ", all.Select((_, i) => $"@k{i}"));
        var parameters = all.Select((k, i) => ($"k{i}", (object?)k)).Append(("t", type)).ToArray();
        return tx.ScalarLong($"SELECT COUNT(*) FROM subscriptions WHERE active = 1 AND type = @t AND subscription_key IN ({list})", parameters) > 0;
    }

    /// <summary>Records the digest a watched tag now points at; false when another poller already recorded it.</summary>
    public static bool MoveDigest(StoreTransaction tx, string id, string? previous, string digest) => previous is null
        ? tx.Execute("UPDATE subscriptions SET last_digest = @d WHERE id = @id AND last_digest IS NULL", ("d", digest), ("id", id)) > 0
        : tx.Execute("UPDATE subscriptions SET last_digest = @d WHERE id = @id AND last_digest = @p", ("d", digest), ("id", id), ("p", previous)) > 0;

    private static Subscription Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.Int(3) != 0, r.NullableString(4), r.Time(5));
}
