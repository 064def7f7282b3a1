namespace Tollgate.Service.Store;

/// <summary>The events log (analysis_update, vuln_update, policy_eval, tag_update, audit …), queryable by type, level and time.</summary>
public sealed class EventLog(StoreDatabase database)
{
    public static StoreSchema Schema { get; } = new("events",
    [
        """
        CREATE TABLE events(id {id}, type TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL, subject TEXT, at BIGINT NOT NULL);
        CREATE INDEX events_type_at ON events(type, at)
        """,
    ]);

    public void Add(string type, string level, string message, string? subject = null) => database.Write(tx => Add(tx, type, level, message, subject));

    /// <summary>Adds an event inside the caller's transaction (logged iff the change it describes committed).</summary>
    public static void Add(StoreTransaction tx, string type, string level, string message, string? subject = null) =>
        tx.Execute("INSERT INTO events(type, level, message, subject, at) VALUES (@t, @l, @m, @s, @at)",
            ("t", type), ("l", level), ("m", message), ("s", subject), ("at", DateTimeOffset.UtcNow));

    public IReadOnlyList<EventRecord> List(string? type = null, string? level = null, DateTimeOffset? since = null, DateTimeOffset? until = null, int limit = 1000)
    {
        // Only the given filters become conditions: PostgreSQL cannot type a parameter that is only ever NULL.
        var filters = new (string Condition, string Name, object? Value)[]
        {
            ("type = @t", "t", type), ("level = @l", "l", level), ("at >= @since", "since", since), ("at <= @until", "until", until),
        }.Where(f => f.Value is not null).ToList();
        var where = filters.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", filters.Select(f => f.Condition));
        var parameters = filters.Select(f => (f.Name, f.Value)).Append(("limit", (object?)limit)).ToArray();
        return database.Read(tx => tx.Query(
            $"SELECT id, type, level, message, subject, at FROM events {where} ORDER BY id LIMIT @limit",
            r => new EventRecord(r.Long(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableString(4), r.Time(5)),
            parameters));
    }
}
