using Tollgate.Service.Store;

namespace Tollgate.Service.Scheduling;

/// <summary>
/// Periodic work shared by several processes: each named slot has a next-due time, and only the process whose
/// conditional UPDATE moves it forward runs that round (row lock on PostgreSQL, single writer on SQLite), so N
/// processes still poll a tag or update the feeds once per interval.
/// </summary>
public static class ScheduleSlots
{
    public static StoreSchema Schema { get; } = new("schedule",
    [
        "CREATE TABLE schedule_slots(name TEXT PRIMARY KEY, next_at BIGINT NOT NULL)",
    ]);

    /// <summary>True when the caller won slot <paramref name="name"/> for this round (and moved it one interval on).</summary>
    public static bool TryClaim(StoreTransaction tx, string name, TimeSpan interval)
    {
        var now = DateTimeOffset.UtcNow;
        if (tx.Execute("UPDATE schedule_slots SET next_at = @next WHERE name = @n AND next_at <= @now", ("next", now + interval), ("n", name), ("now", now)) > 0)
        {
            return true;
        }

        return tx.Execute("INSERT INTO schedule_slots(name, next_at) VALUES (@n, @next) ON CONFLICT(name) DO NOTHING", ("n", name), ("next", now + interval)) > 0;
    }
}
