using System.Text;
using Microsoft.AspNetCore.Builder;
using Tollgate.Service.Admission;
using Tollgate.Service.Notifications;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Service.Tests.Admission;

/// <summary>
/// The service as `tollgate serve` runs it with no admission bundles (the default): admission follows the
/// bundle made active through the API and the vulnerability DB the feeds endpoints update. The images sit on a
/// plain-HTTP registry the operator allowed (--insecure-registry), pulled by the service's own worker. The webhook
/// trusts its in-memory view of the store for an hour here, so every change a test sees must come from the
/// in-process invalidation (a store write), not from a timer. A second app on the same store plays another replica
/// whose view is refreshed by the timer only.
/// </summary>
public sealed class DefaultPathFixture : AdmissionHost
{
    public const string BundleId = "default-path";

    public string DbPath => Path.Combine(Dir, "vulns.db");

    /// <summary>Another `tollgate serve` on the same SQLite store (no workers), re-reading the store every second.</summary>
    public WebApplication Replica { get; private set; } = null!;

    public HttpClient ReplicaClient { get; private set; } = new();

    public string DodBadDigest { get; private set; } = "";

    public static string StrictBundle => AdmissionFixture.Bundle(BundleId, string.Join(",\n", AdmissionFixture.NoSshRule, AdmissionFixture.HealthcheckRule, AdmissionFixture.AnyVulnRule));

    public override async Task InitializeAsync()
    {
        await VulnDbBuilder.UpdateAsync(DbPath, w => Task.FromResult(FeedImporter.Import(TestPaths.Corpus("vulns", "alpine-secdb"), w)));
        Registry = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("dod-bad", "oci"), "tollgate/dod-bad:latest", "latest");
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("lang", "oci"), "tollgate/lang:latest", "latest");
        await Registry.PushOciLayoutAsync(TestPaths.RequireTestData("debian-base", "oci"), "tollgate/never-analysed:1", "base");

        var store = "sqlite:" + Path.Combine(Dir, "t.db");
        await StartAsync(Options(store, TimeSpan.FromHours(1), workers: true));
        Replica = ServiceApp.Build(Options(store, TimeSpan.FromSeconds(1), workers: false), AdminKey, "http://127.0.0.1:0");
        await Replica.StartAsync();
        ReplicaClient = new HttpClient { BaseAddress = new Uri(Replica.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };

        var (created, _) = await Api(HttpMethod.Post, "/v1/policies", new StringContent(StrictBundle, Encoding.UTF8, "application/json"));
        Assert.Equal(201, created);
        Assert.Equal(200, (await Api(HttpMethod.Post, $"/v1/policies/{BundleId}/activate")).Status);

        // Pulled from the plain-HTTP registry by the service's own worker: the operator's --insecure-registry host.
        var analysed = await Task.WhenAll(Analyse(Registry.Reference("tollgate/dod-bad:latest")), Analyse(Registry.Reference("tollgate/lang:latest")));
        DodBadDigest = analysed[0];
    }

    private ServiceOptions Options(string store, TimeSpan storeViewRefresh, bool workers) => new()
    {
        Store = store,
        RunWorkers = workers,
        PollInterval = TimeSpan.FromMilliseconds(100),
        VulnDbPath = DbPath,
        Notifications = new NotificationOptions { InsecureRegistries = [Registry.Host] },
        Admission = new AdmissionOptions
        {
            ReloadCheckInterval = storeViewRefresh,
            Policy = new AdmissionPolicy { TimeoutMilliseconds = 60_000 },
        },
    };

    public override async Task DisposeAsync()
    {
        ReplicaClient.Dispose();
        if (Replica is not null)
        {
            await Replica.StopAsync();
            await Replica.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DefaultPathCollection : ICollectionFixture<DefaultPathFixture>
{
    public const string Name = "admission-default-path";
}
