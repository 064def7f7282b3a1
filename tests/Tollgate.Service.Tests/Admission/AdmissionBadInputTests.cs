using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Service.Tests.Admission;

/// <summary>Bad input never gets a bare 500: every answer is an AdmissionReview, allowed or denied per the failure policy.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class AdmissionBadInputTests(AdmissionFixture f)
{
    private static string Message(JsonElement response) => response.GetProperty("status").GetProperty("message").GetString()!;

    [Theory]
    [InlineData("{not json", "")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"bad-kind","kind":5}}""", "bad-kind")]
    [InlineData("""[1,2,3]""", "")]
    public async Task MalformedReviewIsAClearDenialWithItsUidWhenReadable(string body, string uid)
    {
        var (status, response) = await f.Post(new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(200, status);
        Assert.Equal(uid, response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(400, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.StartsWith("Tollgate cannot check this request: malformed AdmissionReview", Message(response));
        Assert.EndsWith("(failurePolicy Fail)", Message(response));
    }

    [Fact]
    public async Task ReviewWithoutRequestOrObjectIsDeniedAndFailOpenAdmitsWithAWarning()
    {
        var (_, empty) = await f.Post(new StringContent("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("has no request", Message(empty));
        Assert.False(empty.GetProperty("allowed").GetBoolean());

        var noObject = Reviews.For("Pod", "no-object", "shop", ["x"]);
        noObject["request"]!.AsObject().Remove("object");
        var (_, closed) = await f.Review(noObject);
        Assert.Equal(("no-object", false), (closed.GetProperty("uid").GetString(), closed.GetProperty("allowed").GetBoolean()));
        Assert.Contains("carries no object", Message(closed));

        await f.WithConfig("failurePolicy: Ignore\n" + AdmissionFixture.BaseConfig, async () =>
        {
            var (_, open) = await f.Review(noObject);
            Assert.True(open.GetProperty("allowed").GetBoolean());
            Assert.Contains("admitted without a check", open.GetProperty("warnings")[0].GetString());
        });
    }

    [Fact]
    public async Task UnknownKindWithoutPodSpecIsAllowedAndOneWithATemplateIsChecked()
    {
        var configMap = Reviews.For("Pod", "cm", "shop", ["x"]);
        configMap["request"]!["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "ConfigMap" };
        configMap["request"]!["object"] = new JsonObject { ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["a"] = "b" } };
        var (_, allowed) = await f.Review(configMap);
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.Contains("ConfigMap carries no pod spec", Message(allowed));

        var rollout = Reviews.For("Deployment", "rollout", "shop", [f.Image("dod-bad:latest")]);
        rollout["request"]!["kind"] = new JsonObject { ["group"] = "argoproj.io", ["version"] = "v1alpha1", ["kind"] = "Rollout" };
        var (_, denied) = await f.Review(rollout);
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Contains("Tollgate denied Rollout", Message(denied));
    }

    [Fact]
    public async Task UnparseableImageReferenceIsDeniedNamingItAndAdmittedWithAWarningWhenFailOpen()
    {
        var review = Reviews.For("Pod", "bad-ref", "shop", ["Nginx:Latest"], init: [f.Image("dod-good:1.0.0")]);
        var (_, denied) = await f.Review(review);
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Contains("image reference 'Nginx:Latest' cannot be parsed", Message(denied));
        Assert.Contains("[container app-0]", Message(denied));

        await f.WithConfig("failurePolicy: Ignore\n" + AdmissionFixture.BaseConfig, async () =>
        {
            var (_, open) = await f.Review(review);
            Assert.True(open.GetProperty("allowed").GetBoolean());
            Assert.Contains(open.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("'Nginx:Latest' cannot be parsed", StringComparison.Ordinal));
        });

        var noImage = Reviews.For("Pod", "no-image", "shop", ["x"]);
        noImage["request"]!["object"]!["spec"]!["containers"]![0]!.AsObject().Remove("image");
        var (_, missing) = await f.Review(noImage);
        Assert.False(missing.GetProperty("allowed").GetBoolean());
        Assert.Contains("/spec/containers/0 (app-0) has no image", Message(missing));
    }

    [Fact]
    public async Task ThousandContainersAreDecidedOnceEachWithABoundedMessage()
    {
        var images = Enumerable.Range(0, 1000).Select(i => i switch
        {
            500 => f.Image("dod-bad:latest"),
            < 600 and > 500 => $"bad ref {i}",
            _ => f.Image("dod-good:1.0.0"),
        }).ToArray();
        var clock = Stopwatch.StartNew();
        var (status, response) = await f.Review(Reviews.For("Pod", "thousand", "shop", images));
        Assert.Equal(200, status);
        Assert.False(response.GetProperty("allowed").GetBoolean());
        var message = Message(response);
        Assert.Contains("100 of 101 images not admitted", message);
        Assert.InRange(message.Length, 200, 4200);
        Assert.Contains("more denied image(s) not shown", message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task GetIsRefusedWithAReviewBody()
    {
        using var answer = await f.Client.GetAsync(Tollgate.Service.Admission.AdmissionWebhook.ValidatePath);
        Assert.Equal(405, (int)answer.StatusCode);
        Assert.Contains("only POST is accepted", await answer.Content.ReadAsStringAsync());
    }
}
