using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tollgate.Service.Tests.Policies;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Checks;

/// <summary>
/// The check endpoints over real HTTP: the lang test image (lodash 4.17.20 under /app) analysed by the worker, the
/// real Retire.js and Node security WG advisories as the DB, Anchore's default bundle. The body must have the shape
/// of Anchore's GET /images/{digest}/check (anchore.md §3) so Anchore pipelines keep working.
/// </summary>
public sealed partial class CheckApiTests : IAsyncLifetime
{
    private const string Tag = "docker.io/library/lang:latest";
    private ServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        var dir = TestPaths.NewTempDir();
        var dbPath = Path.Combine(dir, "vulns.db");
        await CorpusVulnDb.ImportAsync(dbPath, "retire/jsrepository-v5.json", "vulns/nodejs-security-wg");
        _host = await ServiceHost.StartAsync(configure: o => o with { VulnDbPath = dbPath });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CheckReturnsAnchoreEnvelopeAndOwnJson()
    {
        Assert.Equal(HttpStatusCode.Created, (await _host.SendAsync(HttpMethod.Post, "/v1/policies", ServiceHost.Text(PolicyStoreTests.DefaultBundle))).Status);
        var image = await _host.AnalyzeAsync("docker-archive:" + TestPaths.RequireTestData("lang", "docker-archive.tar"), Tag);
        Assert.Equal("analyzed", image.GetProperty("status").GetString());
        var digest = image.GetProperty("digest").GetString()!;

        var (status, body) = await _host.GetAsync($"/v1/images/{digest}/check?tag={Uri.EscapeDataString(Tag)}");
        Assert.Equal(HttpStatusCode.OK, status);
        var entry = Assert.Single(body.EnumerateArray()).GetProperty(digest).GetProperty(Tag).EnumerateArray().Single();
        Assert.Equal("fail", entry.GetProperty("status").GetString());
        Assert.Equal("2c53a13c-1765-11e8-82ef-23527761d060", entry.GetProperty("policyId").GetString());
        Assert.Matches(IsoSeconds(), entry.GetProperty("last_evaluation").GetString());
        Assert.Equal("2c53a13c-1765-11e8-82ef-23527761d060", entry.GetProperty("detail").GetProperty("policy").GetProperty("id").GetString());

        var result = entry.GetProperty("detail").GetProperty("result");
        string[] keys = ["user_id", "image_id", "tag", "bundle", "matched_mapping_rule", "matched_whitelisted_images_rule", "matched_blacklisted_images_rule",
            "final_action", "final_action_reason", "evaluation_problems", "created_at", "last_modified", "image_digest", "status", "result"];
        Assert.All(keys, k => Assert.True(result.TryGetProperty(k, out _), $"result.{k} missing"));
        Assert.Equal("stop", result.GetProperty("final_action").GetString());
        Assert.Equal("policy_evaluation", result.GetProperty("final_action_reason").GetString());
        Assert.Equal(digest, result.GetProperty("image_digest").GetString());
        Assert.Equal("default", result.GetProperty("matched_mapping_rule").GetProperty("name").GetString());
        Assert.False(result.GetProperty("matched_blacklisted_images_rule").GetBoolean());
        Assert.Equal(JsonValueKind.Number, result.GetProperty("created_at").ValueKind);

        var imageId = result.GetProperty("image_id").GetString()!;
        var table = result.GetProperty("result").GetProperty(imageId).GetProperty("result");
        Assert.Equal(["Image_Id", "Repo_Tag", "Trigger_Id", "Gate", "Trigger", "Check_Output", "Gate_Action", "Whitelisted", "Policy_Id"],
            table.GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToArray());
        var rows = table.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, table.GetProperty("row_count").GetInt32());
        // lodash 4.17.20: CVE-2021-23337 (command injection, high in Retire.js) is above medium → STOP.
        var lodash = rows.Single(r => r[2].GetString()!.StartsWith("CVE-2021-23337+", StringComparison.Ordinal));
        Assert.Equal(imageId, lodash[0].GetString());
        Assert.Equal(Tag, lodash[1].GetString());
        Assert.Equal("vulnerabilities", lodash[3].GetString());
        Assert.Equal("package", lodash[4].GetString());
        Assert.Contains("lodash", lodash[5].GetString());
        Assert.Equal("stop", lodash[6].GetString());
        Assert.False(lodash[7].GetBoolean());

        var (ownStatus, own) = await _host.GetAsync($"/v1/images/{digest}/check?tag={Uri.EscapeDataString(Tag)}&format=tollgate");
        Assert.Equal(HttpStatusCode.OK, ownStatus);
        Assert.Equal("STOP", own.GetProperty("final_action").GetString());
        Assert.StartsWith("sha256:", own.GetProperty("bundle_version").GetString());
        Assert.Contains(own.GetProperty("evaluation").GetProperty("findings").EnumerateArray(), f => f.GetProperty("trigger_id").GetString()!.StartsWith("CVE-2021-23337+", StringComparison.Ordinal));

        // The same matches as vulnerability listings (Anchore's /vuln/{type}).
        var (_, nonOs) = await _host.GetAsync($"/v1/images/{digest}/vuln/non-os");
        Assert.Equal(digest, nonOs.GetProperty("imageDigest").GetString());
        var cve = nonOs.GetProperty("vulnerabilities").EnumerateArray().First(v => v.GetProperty("vuln").GetString() == "CVE-2021-23337");
        Assert.Equal("lodash", cve.GetProperty("package_name").GetString());
        Assert.Equal("4.17.20", cve.GetProperty("package_version").GetString());
        Assert.StartsWith("4.17.21", cve.GetProperty("fix").GetString()); // Retire.js lists 4.17.21 and 4.18.0 as fixed
        var (_, osOnly) = await _host.GetAsync($"/v1/images/{digest}/vuln/os");
        Assert.DoesNotContain(osOnly.GetProperty("vulnerabilities").EnumerateArray(), v => v.GetProperty("package_type").GetString() == "npm");
        var (_, all) = await _host.GetAsync($"/v1/images/{digest}/vuln/all");
        Assert.Equal(nonOs.GetProperty("vulnerabilities").GetArrayLength() + osOnly.GetProperty("vulnerabilities").GetArrayLength(), all.GetProperty("vulnerabilities").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync("/v1/images/sha256:00/check?tag=x")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.GetAsync($"/v1/images/{digest}/check?policyId=nope")).Status);
    }

    [Fact]
    public async Task StatelessCheckOfAnUploadedArchiveStoresNothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, "/v1/policies/pack:dod/activate")).Status);
        await using var archive = File.OpenRead(TestPaths.RequireTestData("alpine", "docker-archive.tar"));
        var content = new StreamContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var (status, body) = await _host.SendAsync(HttpMethod.Post, "/v1/check?format=tollgate&tag=registry.example/alpine:3.20.3", content);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pack:dod", body.GetProperty("policy_id").GetString());
        Assert.Equal("registry.example/alpine:3.20.3", body.GetProperty("tag").GetString());
        Assert.Equal("STOP", body.GetProperty("final_action").GetString()); // DoD: alpine runs as root
        Assert.Empty((await _host.GetAsync("/v1/images")).Body.EnumerateArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(_host.Options.ResolvedDataDir, "spool")));

        var (refused, problem) = await _host.SendAsync(HttpMethod.Post, "/v1/check", ServiceHost.Json(new { source = "docker-archive:" + TestPaths.RequireTestData("alpine", "docker-archive.tar") }));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("not a registry reference", problem.GetProperty("detail").GetString());

        var (unreadable, _) = await _host.SendAsync(HttpMethod.Post, "/v1/check", ServiceHost.Text("not an archive", "application/x-tar"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreadable);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex IsoSeconds();
}
