using Tollgate.Service.Store;

namespace Tollgate.Service.Tests.Processes;

/// <summary>A jobs-table row as the multi-process tests inspect it.</summary>
public sealed record JobRow(long Id, string Subject, string? ClaimedBy, int Attempts, bool Done, string? LastError)
{
    public static IReadOnlyList<JobRow> All(string store)
    {
        using var db = StoreDatabase.Open(store);
        return db.Read(tx => tx.Query(
            "SELECT id, subject, claimed_by, attempts, done, last_error FROM jobs ORDER BY id",
            r => new JobRow(r.Long(0), r.GetString(1), r.NullableString(2), r.Int(3), r.Int(4) == 1, r.NullableString(5))));
    }

    /// <summary>Polls until <paramref name="done"/> holds for the rows, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<JobRow>> WaitAsync(string store, Func<IReadOnlyList<JobRow>, bool> done, TimeSpan timeout, Func<string> context)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var rows = All(store);
            if (done(rows))
            {
                return rows;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"jobs not as expected after {timeout}: {string.Join("; ", rows.Take(5))} … {context()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Whether this job was claimed by the `tollgate serve` process <paramref name="pid"/> (worker ids hold the pid).</summary>
    public bool ClaimedByProcess(int pid) => ClaimedBy?.Contains($":{pid}:", StringComparison.Ordinal) == true;
}
