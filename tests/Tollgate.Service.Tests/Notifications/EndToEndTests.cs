using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Service.Feeds;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>
/// The whole loop, in-process over HTTP: an image from a real registry is analysed and checked, a feed import adds a
/// CVE affecting it, and the signed vuln_update (with the right diff) and policy_eval (verdict WARN → STOP) arrive at
/// a local receiver. Both engines.
/// </summary>
public abstract class EndToEndTests : EngineTests
{
    private const string Secret = "e2e-webhook-secret-0123456789";

    [Fact]
    public async Task FeedImportThatAddsACveDeliversTheSignedDiff()
    {
        await using var registry = await LocalRegistry.StartAsync(RegistryAuthMode.Anonymous);
        await registry.PushOciLayoutAsync(TestPaths.RequireTestData("alpine", "oci"), "alpine:3.20.3", "3.20.3-amd64");
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifyApi.StartAsync(Spec, ["127.0.0.1"], [registry.Host]);
        var tag = $"{registry.Host}/alpine:3.20.3";

        await host.ImportFeedAsync(AlpineFeeds.Baseline(Dir));
        Assert.Equal(201, (await host.CallAsync(HttpMethod.Post, "/v1/policies", StopOnAnyVulnerability())).Status);
        Assert.Equal(201, (await host.CallAsync(HttpMethod.Post, "/v1/webhooks", new { url = receiver.Url + "/hook", secret = Secret })).Status);
        foreach (var type in new[] { "vuln_update", "policy_eval" })
        {
            Assert.Equal(201, (await host.CallAsync(HttpMethod.Post, "/v1/subscriptions", new { type, key = tag })).Status);
        }

        var (status, submitted) = await host.CallAsync(HttpMethod.Post, "/v1/images", new { source = registry.Reference("alpine:3.20.3"), tag });
        Assert.Equal(202, status);
        var id = (string)submitted!["id"]!;
        var image = await host.WaitAsync($"/v1/images/{id}", b => (string?)b["status"] is "analyzed" or "analysis_failed");
        Assert.True("analyzed" == (string?)image["status"], image.ToJsonString());
        var digest = (string)image["digest"]!;
        Assert.Equal("WARN", await FinalActionAsync(host, digest, tag)); // no vulnerability yet; the bundle warns on the missing HEALTHCHECK
        await WaitForBaselineAsync(id);

        await host.ImportFeedAsync(AlpineFeeds.WithBusyboxFix(Dir, "1.36.1-r30"));

        var delivery = Assert.Single(await receiver.WaitForAsync(1, r => r.Headers["X-Tollgate-Event"] == "vuln_update"));
        AssertSigned(delivery);
        var body = JsonNode.Parse(delivery.Text)!;
        Assert.Equal(id, (string?)body["subject"]);
        Assert.Equal((string?)image["digest"], (string?)body["data"]!["image"]!["digest"]);
        var diff = body["data"]!["diff"]!;
        Assert.Empty(diff["removed"]!.AsArray());
        Assert.Empty(diff["updated"]!.AsArray());
        var added = diff["added"]!.AsArray();
        Assert.Contains(added, m => (string?)m!["vulnerability_id"] == AlpineFeeds.AddedCve && (string?)m["package_name"] == "busybox"
            && (string?)m["package_version"] == "1.36.1-r29" && (string?)m["fixed_in"] == "1.36.1-r30");
        Assert.All(added, m => Assert.Equal(AlpineFeeds.AddedCve, (string?)m!["vulnerability_id"]));
        Assert.Single((await host.CallAsync(HttpMethod.Get, "/v1/events?type=vuln_update")).Body!.AsArray());

        // The re-match re-evaluated the active policy: the verdict flipped, and policy_eval says so.
        var verdict = Assert.Single(await receiver.WaitForAsync(1, r => r.Headers["X-Tollgate-Event"] == "policy_eval"));
        AssertSigned(verdict);
        var data = JsonNode.Parse(verdict.Text)!["data"]!;
        Assert.Equal("WARN", (string?)data["previous_final_action"]);
        Assert.Equal("STOP", (string?)data["final_action"]);
        Assert.Equal("fail", (string?)data["status"]);
        Assert.Equal(digest, (string?)data["image"]!["digest"]);
        Assert.Equal("STOP", await FinalActionAsync(host, digest, tag));
    }

    /// <summary>The Anchore default bundle (corpus copy) with its STOP vulnerability rule widened to any severity.</summary>
    private static JsonNode StopOnAnyVulnerability()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(TestPaths.Corpus("policies", "anchore_default_bundle.json")))!;
        var rule = bundle["policies"]![0]!["rules"]!.AsArray().Single(r => (string?)r!["id"] == "b30e8abc-444f-45b1-8a37-55be1b8c8bb5")!;
        foreach (var param in rule["params"]!.AsArray())
        {
            param!["value"] = (string?)param["name"] switch
            {
                "severity_comparison" => ">=",
                "severity" => "unknown",
                var _ => param["value"]!.DeepClone(),
            };
        }

        return bundle;
    }

    private static async Task<string?> FinalActionAsync(ServiceHost host, string digest, string tag)
    {
        var (status, check) = await host.CallAsync(HttpMethod.Get, $"/v1/images/{digest}/check?tag={Uri.EscapeDataString(tag)}&format=tollgate");
        Assert.Equal(200, status);
        return (string?)check!["final_action"];
    }

    /// <summary>The signature, recomputed independently: HMAC-SHA256(secret, "{timestamp}.{event id}.{body}").</summary>
    private static void AssertSigned(ReceivedRequest delivery)
    {
        var signed = Encoding.UTF8.GetBytes($"{delivery.Headers["X-Tollgate-Timestamp"]}.{delivery.Headers["X-Tollgate-Event-Id"]}.").Concat(delivery.Body).ToArray();
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)), delivery.Headers["X-Tollgate-Signature"]);
    }

    /// <summary>The image's first match run (its baseline) is stored before the next feed arrives.</summary>
    private async Task WaitForBaselineAsync(string imageId)
    {
        using var db = StoreDatabase.Open(Spec);
        for (var i = 0; i < 600 && new MatchStore(db).Load(imageId) is null; i++)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(new MatchStore(db).Load(imageId));
    }
}

public sealed class SqliteEndToEndTests : EndToEndTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresEndToEndTests : EndToEndTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
