using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.TestSupport;
using Tollgate.Vulnerabilities.Database;
using Tollgate.Vulnerabilities.Feeds;
using static Tollgate.Service.Tests.Admission.Answers;

namespace Tollgate.Service.Tests.Admission;

/// <summary>Allowed and denied answers over real HTTP, for the real captures and for every kind.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class AdmissionWebhookTests(AdmissionFixture f)
{
    [Fact]
    public async Task RealPodCaptureWithADeniedInitContainerIsDeniedNamingTheInitContainerRuleAndWhereToLook()
    {
        var review = Reviews.WithImages(Reviews.Corpus("k8tz-review-pod-with-initcontainers.json"), _ => f.Image("dod-good:1.0.0"));
        review["request"]!["object"]!["spec"]!["initContainers"]![0]!["image"] = f.Image("dod-bad:latest");
        var (status, response) = await f.Review(review);
        Assert.Equal(200, status);
        AssertDenied(response, "0c0829ff-c2f5-4634-a1c3-098147304d03");
        var message = Message(response);
        Assert.StartsWith("Tollgate denied Pod default/", message);
        Assert.Contains("1 of 2 images not admitted", message);
        Assert.Contains($"image {f.Image("dod-bad:latest")} (sha256:", message);
        Assert.Contains("[initContainer configure-sysctl]", message);
        Assert.Contains("STOP dockerfile/exposed_ports (rule no-ssh", message);
        Assert.Contains("22/tcp", message);
        Assert.Contains("GET /v1/images/sha256:", message);
        Assert.Contains("trigger id ", message);
        Assert.DoesNotContain("dod-good", message);
        // The WARN finding of the denied image is still returned for kubectl to print.
        Assert.Contains(Warnings(response), w => w.Contains("WARN dockerfile/instruction (rule healthcheck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RealCaptureAsIsCannotBeResolvedOfflineAndFailsClosedWithItsUid()
    {
        await f.WithConfig(AdmissionFixture.BaseConfig.Replace("timeoutMilliseconds: 20000", "timeoutMilliseconds: 3000", StringComparison.Ordinal), async () =>
        {
            var (status, response) = await f.Review(Reviews.Corpus("k8tz-review-cronjob.json"));
            Assert.Equal(200, status);
            Assert.Equal("0c0829ff-c2f5-4634-a1c3-098147304d03", response.GetProperty("uid").GetString());
            Assert.False(response.GetProperty("allowed").GetBoolean());
            Assert.Matches("busybox:1.28: (internal error: cannot resolve docker.io/library/busybox:1.28|Tollgate did not finish checking within 3000 ms).*failurePolicy Fail", Message(response));
        });
    }

    [Fact]
    public async Task RealCronJobCaptureOnAlpineIsAllowedWithItsWarning()
    {
        var (_, response) = await f.Review(Reviews.WithImages(Reviews.Corpus("k8tz-review-cronjob.json"), _ => f.Image("alpine:3.20.3")));
        AssertAllowed(response, "0c0829ff-c2f5-4634-a1c3-098147304d03");
        var warning = Assert.Single(Warnings(response));
        Assert.StartsWith($"{f.Image("alpine:3.20.3")}: WARN dockerfile/instruction (rule healthcheck, policy admission-test rules): ", warning);
        Assert.Contains("HEALTHCHECK", warning);
    }

    [Fact]
    public async Task RealDeploymentAndPodRequestsFromKubewarden()
    {
        var (_, deployment) = await f.Review(Reviews.WithImages(Reviews.Corpus("kubewarden-deployment-creation.request.json"), _ => f.Image("dod-good:1.0.0")));
        AssertAllowed(deployment, "705ab4f5-6393-11e8-b7cc-42010a800002");
        Assert.Empty(Warnings(deployment));

        var pod = Reviews.WithImages(Reviews.Corpus("kubewarden-pod-creation-with-init-container.request.json"),
            image => image == "init" ? f.Image("dod-bad:latest") : f.Image("dod-good:1.0.0"));
        var (_, denied) = await f.Review(pod);
        AssertDenied(denied, "1299d386-525b-4032-98ae-1949f69f9cfc");
        Assert.Contains("[initContainer init]", Message(denied));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryKindIsAllowedWhenAllImagesPassAndDeniedWhenAnEphemeralContainerFails(string kind)
    {
        var good = f.Image("dod-good:1.0.0");
        var (_, allowed) = await f.Review(Reviews.For(kind, $"ok-{kind}", "shop", [good], init: [good]));
        AssertAllowed(allowed, $"ok-{kind}");

        var (_, denied) = await f.Review(Reviews.For(kind, $"no-{kind}", "shop", [good], init: [good], ephemeral: [f.Image("dod-bad:latest")]));
        AssertDenied(denied, $"no-{kind}");
        Assert.Contains($"Tollgate denied {kind} shop/w-{kind.ToLowerInvariant()}", Message(denied));
        Assert.Contains("[ephemeralContainer debug-0]", Message(denied));
    }

    public static TheoryData<string> Kinds() => [.. Reviews.Kinds.Keys];

    [Fact]
    public async Task MultiPlatformTagResolvesToTheAnalysedPlatformManifest()
    {
        var (_, response) = await f.Review(Reviews.For("Pod", "alpine-index", "shop", [f.Image("alpine:3.20.3")]));
        AssertAllowed(response, "alpine-index");
        Assert.Single(Warnings(response));
    }

    [Fact]
    public async Task DeniedImageIsAdmittedOnceTheBundleAllowlistsItsTriggerWithoutRestart()
    {
        var review = Reviews.For("Deployment", "allowlist", "shop", [f.Image("dod-bad:latest")]);
        var (_, denied) = await f.Review(review);
        AssertDenied(denied, "allowlist");
        var triggerId = Regex.Match(Message(denied), "trigger id ([0-9a-f]{32})").Groups[1].Value;
        Assert.NotEmpty(triggerId);

        var original = File.ReadAllText(f.BundlePath);
        var allowlisted = original.Replace("\"items\": []", $$"""
            "items": [{"id": "ssh-exception", "gate": "dockerfile", "trigger_id": "{{triggerId}}", "reason": "bastion image"}]
            """, StringComparison.Ordinal);
        AdmissionFixture.Rewrite(f.BundlePath, allowlisted);
        try
        {
            var (_, admitted) = await f.Review(review);
            AssertAllowed(admitted, "allowlist");
            Assert.Contains(Warnings(admitted), w => w.Contains("HEALTHCHECK", StringComparison.Ordinal));
        }
        finally
        {
            AdmissionFixture.Rewrite(f.BundlePath, original);
        }

        var (_, deniedAgain) = await f.Review(review);
        AssertDenied(deniedAgain, "allowlist");
    }

    [Fact]
    public async Task PasswdRulesReadTheFilesKeptWithTheStoredAnalysis()
    {
        // dod-good passes the base bundle; every image has root in /etc/passwd, which the analysis kept. Without the
        // kept files the passwd_file gate could only say content_not_available and the image would be admitted.
        var review = Reviews.For("Deployment", "passwd", "shop", [f.Image("dod-good:1.0.0")]);
        var (_, admitted) = await f.Review(review);
        AssertAllowed(admitted, "passwd");

        var original = File.ReadAllText(f.BundlePath);
        AdmissionFixture.Rewrite(f.BundlePath, AdmissionFixture.Bundle("admission-test", """
            {"id": "no-root-entry", "gate": "passwd_file", "trigger": "blacklist_usernames", "action": "STOP", "params": [{"name": "user_names", "value": "root"}]}
            """));
        try
        {
            var (_, denied) = await f.Review(review);
            AssertDenied(denied, "passwd");
            Assert.Contains("passwd_file", Message(denied), StringComparison.Ordinal);
        }
        finally
        {
            AdmissionFixture.Rewrite(f.BundlePath, original);
        }
    }

    [Fact]
    public async Task AdmittedImageIsDeniedAfterAFeedUpdateAddsAMatchingCveWithoutRestart()
    {
        var review = Reviews.For("StatefulSet", "feed", "shop", [f.Image("lang:latest")]);
        var (_, before) = await f.Review(review);
        AssertAllowed(before, "feed");

        // The Retire.js repository (a real feed) lists CVE-2020-28500 for lodash below 4.17.21; the image has 4.17.20.
        await VulnDbBuilder.UpdateAsync(f.DbPath, w => Task.FromResult(FeedImporter.Import(TestPaths.Corpus("retire", "jsrepository-v5.json"), w)));
        var (_, after) = await f.Review(review);
        AssertDenied(after, "feed");
        var message = Message(after);
        Assert.Contains($"fails policy bundle \"{AdmissionFixture.VulnBundleId}\"", message);
        Assert.Contains("STOP vulnerabilities/package (rule any-vuln", message);
        Assert.Contains("lodash", message);
    }

    [Fact]
    public async Task CachedVerdictIsALookupAndABundleChangeIsAMiss()
    {
        var review = Reviews.For("Pod", "cache", "shop", [f.Image("dod-good:1.0.0")]);
        await f.Review(review);
        var (hits, misses) = (f.Check.Verdicts.Hits, f.Check.Verdicts.Misses);
        await f.Review(review);
        Assert.Equal((hits + 1, misses), (f.Check.Verdicts.Hits, f.Check.Verdicts.Misses));

        var original = File.ReadAllText(f.BundlePath);
        AdmissionFixture.Rewrite(f.BundlePath, original.Replace("\"name\": \"all\"", "\"name\": \"all images\"", StringComparison.Ordinal));
        try
        {
            await f.Review(review);
            Assert.Equal(misses + 1, f.Check.Verdicts.Misses);
        }
        finally
        {
            AdmissionFixture.Rewrite(f.BundlePath, original);
        }
    }

    [Fact]
    public async Task NeverAnalysedImageIsDeniedSayingSoAndItsAnalysisIsQueuedPinnedToTheDigest()
    {
        var store = (Store.ImageStore)f.App.Services.GetService(typeof(Store.ImageStore))!;
        var dryRun = Reviews.For("Job", "dry", "shop", [f.Image("never-analysed:1")]);
        dryRun["request"]!["dryRun"] = true;
        var (_, dry) = await f.Review(dryRun);
        AssertDenied(dry, "dry");
        Assert.Contains("(dry run: no analysis requested)", Message(dry));
        Assert.DoesNotContain(store.List(), i => i.Source.Contains("never-analysed", StringComparison.Ordinal));

        var (_, response) = await f.Review(Reviews.For("Job", "unknown", "shop", [f.Image("never-analysed:1")]));
        AssertDenied(response, "unknown");
        Assert.Contains("has never been analysed by Tollgate; its analysis was requested just now", Message(response));
        Assert.Contains("retry in a few minutes", Message(response));
        Assert.Contains(store.List(), i => i.Source.StartsWith($"registry:{f.Image("never-analysed:1")}@sha256:", StringComparison.Ordinal));

        await f.WithConfig("admitWhilePending: true\n" + AdmissionFixture.BaseConfig, async () =>
        {
            var (_, pending) = await f.Review(Reviews.For("Job", "pending", "shop", [f.Image("pending:1")]));
            AssertAllowed(pending, "pending");
            Assert.Contains(Warnings(pending), w => w.Contains("admitted while its analysis is pending", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task AnalysisModeNeedsOnlyAnAnalysisAndBreakglassAdmitsEverythingAndIsLogged()
    {
        var (_, analysis) = await f.Review(Reviews.For("Pod", "sandbox", "sandbox", [f.Image("dod-bad:latest")]));
        AssertAllowed(analysis, "sandbox");

        var labels = new JsonObject { ["tollgate.io/breakglass"] = "true" };
        var (_, breakglass) = await f.Review(Reviews.For("Pod", "glass", "shop", ["this is not even a reference"], labels: labels));
        AssertAllowed(breakglass, "glass");
        var events = (Store.EventLog)f.App.Services.GetService(typeof(Store.EventLog))!;
        Assert.Contains(events.List("admission"), e => e.Level == "warn" && e.Message.Contains("breakglass: this is not even a reference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExcludedNamespaceAndDeleteAreAllowedWithoutAnyCheck()
    {
        var (_, excluded) = await f.Review(Reviews.For("Pod", "sys", "kube-system", [f.Image("dod-bad:latest")]));
        AssertAllowed(excluded, "sys");
        Assert.Contains("excluded", Message(excluded));
        var (_, delete) = await f.Review(Reviews.For("Pod", "del", "shop", [f.Image("dod-bad:latest")], operation: "DELETE"));
        AssertAllowed(delete, "del");
    }

    [Fact]
    public async Task UpdateChecksOnlyImagesTheOldObjectDidNotRun()
    {
        var review = Reviews.For("Deployment", "upd", "shop", [f.Image("dod-bad:latest")], operation: "UPDATE");
        review["request"]!["oldObject"] = review["request"]!["object"]!.DeepClone();
        var (_, unchanged) = await f.Review(review);
        AssertAllowed(unchanged, "upd");

        review["request"]!["oldObject"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = f.Image("dod-good:1.0.0");
        var (_, changed) = await f.Review(review);
        AssertDenied(changed, "upd");
    }

    [Fact]
    public async Task MutateRewritesTagsToTheCheckedDigestsOnlyWhenEnabled()
    {
        var review = Reviews.For("Deployment", "mut", "shop", [f.Image("dod-good:1.0.0")], init: [f.Image("alpine:3.20.3")]);
        var (_, off) = await f.Review(review, Tollgate.Service.Admission.AdmissionWebhook.MutatePath);
        AssertAllowed(off, "mut");
        Assert.False(off.TryGetProperty("patch", out _));

        await f.WithConfig("mutate: true\n" + AdmissionFixture.BaseConfig, async () =>
        {
            var (_, on) = await f.Review(review, Tollgate.Service.Admission.AdmissionWebhook.MutatePath);
            AssertAllowed(on, "mut");
            Assert.Equal("JSONPatch", on.GetProperty("patchType").GetString());
            var patch = JsonDocument.Parse(Convert.FromBase64String(on.GetProperty("patch").GetString()!)).RootElement;
            Assert.Equal(2, patch.GetArrayLength());
            var first = patch[0];
            Assert.Equal(("replace", "/spec/template/spec/containers/0/image"), (first.GetProperty("op").GetString(), first.GetProperty("path").GetString()));
            Assert.Matches($"^{Regex.Escape(f.Image("dod-good:1.0.0"))}@sha256:[0-9a-f]{{64}}$", first.GetProperty("value").GetString());
            Assert.Equal("/spec/template/spec/initContainers/0/image", patch[1].GetProperty("path").GetString());

            // The pinned reference is what the validating webhook then checks: same verdict.
            var pinned = Reviews.For("Pod", "pinned", "shop", [first.GetProperty("value").GetString()!]);
            var (_, validated) = await f.Review(pinned);
            AssertAllowed(validated, "pinned");
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task MutatePinsEveryTagOfContainersInitAndEphemeralContainersOfEveryKindAndLeavesDigestsAlone(string kind)
    {
        var policy = new Tollgate.Service.Admission.AdmissionPolicy();
        var alpine = (await f.Check.ResolveAsync(Tollgate.Service.Admission.Workloads.ImageName.Parse(f.Image("alpine:3.20.3")), policy, CancellationToken.None)).Digest;
        var good = (await f.Check.ResolveAsync(Tollgate.Service.Admission.Workloads.ImageName.Parse(f.Image("dod-good:1.0.0")), policy, CancellationToken.None)).Digest;
        var pinned = $"{f.Registry.Host}/tollgate/dod-good@{good}";
        var review = Reviews.For(kind, $"mut-{kind}", "shop", [f.Image("dod-good:1.0.0")], init: [f.Image("alpine:3.20.3")], ephemeral: [pinned, f.Image("alpine:3.20.3")]);

        await f.WithConfig("mutate: true\n" + AdmissionFixture.BaseConfig, async () =>
        {
            var (_, response) = await f.Review(review, Tollgate.Service.Admission.AdmissionWebhook.MutatePath);
            AssertAllowed(response, $"mut-{kind}");
            Assert.Equal("JSONPatch", response.GetProperty("patchType").GetString());
            var patch = JsonDocument.Parse(Convert.FromBase64String(response.GetProperty("patch").GetString()!)).RootElement;
            var spec = "/" + string.Join('/', Reviews.Kinds[kind].PodSpecPath);
            var expected = new[]
            {
                ($"{spec}/containers/0/image", $"{f.Image("dod-good:1.0.0")}@{good}"),
                ($"{spec}/initContainers/0/image", $"{f.Image("alpine:3.20.3")}@{alpine}"),
                ($"{spec}/ephemeralContainers/1/image", $"{f.Image("alpine:3.20.3")}@{alpine}"),
            };
            Assert.Equal(expected, patch.EnumerateArray().Select(op =>
            {
                Assert.Equal("replace", op.GetProperty("op").GetString());
                return (op.GetProperty("path").GetString()!, op.GetProperty("value").GetString()!);
            }));
        });
    }
}
