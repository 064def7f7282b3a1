using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Service.Admission;
using Tollgate.Service.Admission.Backend;
using Tollgate.Service.Store;
using Tollgate.TestSupport;
using static Tollgate.Service.Tests.Admission.Answers;

namespace Tollgate.Service.Tests.Admission;

/// <summary>
/// The default path end to end: no admission bundles, so the API's active bundle and the feeds decide, and every
/// change applies to the next review without a restart — with the webhook's view of the store held for an hour, so
/// it is the store write of this process that invalidates it.
/// </summary>
[Collection(DefaultPathCollection.Name)]
public sealed class DefaultPathTests(DefaultPathFixture f)
{
    [Fact]
    public async Task TheActiveBundleDeniesAndAnAllowlistEntryAddedThroughTheApiAdmitsWithoutRestart()
    {
        var review = Reviews.For("Deployment", "api-allowlist", "shop", [f.Image("dod-bad:latest")]);
        var (_, denied) = await f.Review(review);
        AssertDenied(denied, "api-allowlist");
        Assert.Contains($"fails policy bundle \"{DefaultPathFixture.BundleId}\"", Message(denied));
        Assert.Contains("STOP dockerfile/exposed_ports (rule no-ssh", Message(denied));
        Assert.Contains($"GET /v1/images/{f.DodBadDigest}/check?policyId={DefaultPathFixture.BundleId}", Message(denied));
        var triggerId = Regex.Match(Message(denied), "trigger id ([0-9a-f]{32})").Groups[1].Value;
        Assert.NotEmpty(triggerId);

        var refreshes = Backend.Refreshes;
        await Put(Allowlisting(triggerId));
        try
        {
            var (_, admitted) = await f.Review(review);
            AssertAllowed(admitted, "api-allowlist");
            Assert.Contains(Warnings(admitted), w => w.Contains("HEALTHCHECK", StringComparison.Ordinal));
            Assert.True(Backend.Refreshes > refreshes, "the policy write was noticed through the store's write counter");
        }
        finally
        {
            await Put(DefaultPathFixture.StrictBundle);
        }

        AssertDenied((await f.Review(review)).Response, "api-allowlist");
    }

    [Fact]
    public async Task ActivatingAnotherBundleThroughTheApiAppliesToTheNextReview()
    {
        var review = Reviews.For("Pod", "api-activate", "shop", [f.Image("dod-bad:latest")]);
        AssertDenied((await f.Review(review)).Response, "api-activate");

        var (created, _) = await f.Api(HttpMethod.Post, "/v1/policies", new StringContent(AdmissionFixture.Bundle("permissive", AdmissionFixture.HealthcheckRule), Encoding.UTF8, "application/json"));
        Assert.Equal(201, created);
        Assert.Equal(200, (await f.Api(HttpMethod.Post, "/v1/policies/permissive/activate")).Status);
        try
        {
            var (_, admitted) = await f.Review(review);
            AssertAllowed(admitted, "api-activate");
            Assert.Single(Warnings(admitted));
        }
        finally
        {
            Assert.Equal(200, (await f.Api(HttpMethod.Post, $"/v1/policies/{DefaultPathFixture.BundleId}/activate")).Status);
            await f.Api(HttpMethod.Delete, "/v1/policies/permissive");
        }

        AssertDenied((await f.Review(review)).Response, "api-activate");
    }

    [Fact]
    public async Task AFeedImportThroughTheFeedsEndpointDeniesAnAdmittedImageWithoutRestart()
    {
        var review = Reviews.For("CronJob", "api-feed", "shop", [f.Image("lang:latest")]);
        AssertAllowed((await f.Review(review)).Response, "api-feed");

        // The Retire.js repository (a real feed) lists CVE-2020-28500 for lodash below 4.17.21; the image has 4.17.20.
        var (queued, job) = await f.Api(HttpMethod.Post, "/v1/feeds/update", JsonContent.Create(new { path = TestPaths.Corpus("retire", "jsrepository-v5.json") }));
        Assert.Equal(202, queued);
        var state = "pending";
        for (var i = 0; i < 600 && state == "pending"; i++)
        {
            await Task.Delay(200);
            state = (await f.Api(HttpMethod.Get, $"/v1/feeds/updates/{job!.Value.GetProperty("job_id").GetInt64()}")).Body!.Value.GetProperty("state").GetString()!;
        }

        Assert.Equal("applied", state);
        var (_, denied) = await f.Review(review);
        AssertDenied(denied, "api-feed");
        Assert.Contains("STOP vulnerabilities/package (rule any-vuln", Message(denied));
        Assert.Contains("lodash", Message(denied));
    }

    [Fact]
    public async Task AnotherReplicaOnTheSameStoreSeesAnAllowlistEditWithinItsRefreshInterval()
    {
        var review = Reviews.For("Job", "replica", "shop", [f.Image("dod-bad:latest")]);
        var (_, denied) = await f.Review(review, via: f.ReplicaClient);
        AssertDenied(denied, "replica");
        var triggerId = Regex.Match(Message(denied), "trigger id ([0-9a-f]{32})").Groups[1].Value;

        // Written through the first app: the replica has no write of its own to notice, only its one-second re-read.
        await Put(Allowlisting(triggerId));
        try
        {
            var allowed = false;
            for (var i = 0; i < 100 && !allowed; i++)
            {
                allowed = (await f.Review(review, via: f.ReplicaClient)).Response.GetProperty("allowed").GetBoolean();
                if (!allowed)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(allowed, "the replica re-read the active bundle's version within 10 s");
        }
        finally
        {
            await Put(DefaultPathFixture.StrictBundle);
        }
    }

    [Fact]
    public async Task AnUnknownImageOnAnAllowedPlainHttpRegistryIsQueuedPulledAnalysedAndThenChecked()
    {
        var image = f.Image("never-analysed:1");
        var (_, first) = await f.Review(Reviews.For("Pod", "queued", "shop", [image]));
        AssertDenied(first, "queued");
        Assert.Contains("its analysis was requested just now", Message(first));

        var store = f.App.Services.GetRequiredService<ImageStore>();
        var queued = Assert.Single(store.List(), i => i.Source.StartsWith($"registry:{image}@sha256:", StringComparison.Ordinal));
        var digest = await f.WaitAnalysed(queued.Id);
        Assert.EndsWith("@" + digest, queued.Source, StringComparison.Ordinal);

        var (_, checkedNow) = await f.Review(Reviews.For("Pod", "queued-again", "shop", [image]));
        AssertAllowed(checkedNow, "queued-again");
        Assert.Contains(Warnings(checkedNow), w => w.StartsWith($"{image}: WARN dockerfile/instruction (rule healthcheck", StringComparison.Ordinal));
    }

    /// <summary>The strict bundle with an allowlist entry for <paramref name="triggerId"/> (from a denial message).</summary>
    private static string Allowlisting(string triggerId) => DefaultPathFixture.StrictBundle.Replace("\"items\": []", $$"""
        "items": [{"id": "ssh-exception", "gate": "dockerfile", "trigger_id": "{{triggerId}}"}]
        """, StringComparison.Ordinal);

    private CachingBackend Backend => (CachingBackend)f.App.Services.GetRequiredService<IAdmissionBackend>();

    private async Task Put(string bundle) =>
        Assert.Equal(200, (await f.Api(HttpMethod.Put, $"/v1/policies/{DefaultPathFixture.BundleId}", new StringContent(bundle, Encoding.UTF8, "application/json"))).Status);
}
