using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Tollgate.Service.Store;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests.Processes;

/// <summary>
/// `tollgate serve` as real child processes sharing one store: start-up rules, SIGTERM hand-back, kill -9 recovery,
/// and two processes splitting 200 queued images with each done exactly once.
/// </summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RefusesToStartWithoutAnAdminKey()
    {
        using var process = System.Diagnostics.Process.Start(ServeProcess.StartInfo(["--store", "sqlite:" + Path.Combine(_dir, "t.db")], adminKey: null))!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("TOLLGATE_ADMIN_KEY", await stderr);
        Assert.Contains("--admin-key-file", await stderr);
    }

    [Fact]
    public async Task SigtermReleasesAJobPastTheGraceAndLetsOneWithinItFinish()
    {
        var store = "sqlite:" + Path.Combine(_dir, "t.db");
        var sbom = await StalledSbom.CreateAsync(_dir);
        var image = AddImages(store, sbom.Source)[0];

        // First process: the job is stuck past the 1 s grace → released on SIGTERM, not left to its 10 min lease.
        await using (var first = await ServeProcess.StartAsync(store, "--workers", "1", "--job-lease", "10m", "--shutdown-grace", "1s"))
        {
            await JobRow.WaitAsync(store, rows => rows[0].ClaimedByProcess(first.Pid), TimeSpan.FromMinutes(1), () => first.Output);
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        var released = Assert.Single(JobRow.All(store));
        Assert.Equal((null, 1, false, "worker stopped"), (released.ClaimedBy, released.Attempts, released.Done, released.LastError));

        // Second process takes it at once; SIGTERM arrives mid-read, the input then completes within the 60 s grace → finished.
        await using (var second = await ServeProcess.StartAsync(store, "--workers", "1", "--job-lease", "10m", "--shutdown-grace", "60s"))
        {
            await JobRow.WaitAsync(store, rows => rows[0].ClaimedByProcess(second.Pid), TimeSpan.FromMinutes(1), () => second.Output);
            var terminated = second.TerminateAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(500); // the signal lands while the worker waits for its input
            await sbom.FeedAsync();
            Assert.Equal(0, await terminated);
        }

        var finished = Assert.Single(JobRow.All(store));
        Assert.True(finished.Done);
        Assert.Equal(2, finished.Attempts);
        using var db = StoreDatabase.Open(store);
        Assert.Equal(ImageStatus.Analyzed, new ImageStore(db).Get(image)!.Status);
    }

    [Fact]
    public async Task JobOfAKilledProcessIsReclaimedAfterItsLeaseAndNothingAcceptedIsLost()
    {
        var store = await PostgresServer.CreateDatabaseAsync();
        var sbom = await StalledSbom.CreateAsync(_dir);
        var stalled = AddImages(store, sbom.Source)[0];
        await using var doomed = await ServeProcess.StartAsync(store, "--workers", "1", "--job-lease", "3s");
        await JobRow.WaitAsync(store, rows => rows[0].ClaimedByProcess(doomed.Pid), TimeSpan.FromMinutes(1), () => doomed.Output);

        // More work accepted over HTTP by the process about to die, while its only worker is busy.
        using var http = new HttpClient { BaseAddress = new Uri(doomed.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServeProcess.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            var accepted = await http.PostAsJsonAsync("/v1/images", new { source = StalledSbom.SourceOfDocument, tag = $"accepted:{i}" });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await using var survivor = await ServeProcess.StartAsync(store, "--workers", "1", "--job-lease", "3s");
        doomed.Kill();
        var feeding = sbom.FeedAsync(); // whoever reclaims the stalled job reads it

        var rows = await JobRow.WaitAsync(store, rows => rows.Count == 4 && rows.All(r => r.Done), TimeSpan.FromMinutes(2), () => survivor.Output);
        await feeding;
        Assert.True(rows[0].ClaimedByProcess(survivor.Pid), rows[0].ClaimedBy);
        Assert.Equal(2, rows[0].Attempts); // claimed by the killed process, reclaimed once its lease ran out
        using var db = StoreDatabase.Open(store);
        var images = new ImageStore(db).List();
        Assert.Equal(4, images.Count);
        Assert.All(images, i => Assert.Equal(ImageStatus.Analyzed, i.Status));
        Assert.Contains(images, i => i.Id == stalled);
    }

    [Fact]
    public async Task TwoProcessesOnOnePostgresRunEachOf200QueuedImagesExactlyOnce()
    {
        const int Count = 200;
        var store = await PostgresServer.CreateDatabaseAsync();
        using (StoreDatabase.Open(store))
        {
            // migrated before the processes start, so both find the tables
        }

        await using var a = await ServeProcess.StartAsync(store, "--workers", "2", "--job-lease", "30s", "--no-workers");
        await using var b = await ServeProcess.StartAsync(store, "--workers", "2", "--job-lease", "30s");
        await using var c = await ServeProcess.StartAsync(store, "--workers", "2", "--job-lease", "30s");
        AddImages(store, [.. Enumerable.Repeat(StalledSbom.SourceOfDocument, Count)]);

        var rows = await JobRow.WaitAsync(store, rows => rows.Count == Count && rows.All(r => r.Done), TimeSpan.FromMinutes(3), () => b.Output + c.Output);
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        Assert.DoesNotContain(rows, r => r.ClaimedByProcess(a.Pid)); // --no-workers runs none
        Assert.Contains(rows, r => r.ClaimedByProcess(b.Pid));
        Assert.Contains(rows, r => r.ClaimedByProcess(c.Pid));
        Assert.All(rows, r => Assert.True(r.ClaimedByProcess(b.Pid) || r.ClaimedByProcess(c.Pid), r.ClaimedBy));

        using var db = StoreDatabase.Open(store);
        var analyzed = new EventLog(db).List("analysis_update", limit: 10_000);
        Assert.Equal(Count, analyzed.Count);
        Assert.Equal(Count, analyzed.Select(e => e.Subject).Distinct().Count());
        Assert.All(new ImageStore(db).List(), i => Assert.Equal(ImageStatus.Analyzed, i.Status));
    }

    /// <summary>Accepts images straight into the store (as the API does: row + job in one transaction); returns their ids.</summary>
    private static List<string> AddImages(string store, params string[] sources)
    {
        using var db = StoreDatabase.Open(store);
        var images = new ImageStore(db);
        return [.. sources.Select(s => images.Add(s, null).Id)];
    }
}
