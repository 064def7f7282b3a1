using System.Text.Json;
using Tollgate.Service.Admission.Workloads;

namespace Tollgate.Service.Tests.Admission;

public class WorkloadImagesTests
{
    private static WorkloadScan Scan(System.Text.Json.Nodes.JsonObject review)
    {
        var request = JsonDocument.Parse(review.ToJsonString()).RootElement.GetProperty("request");
        return WorkloadImages.Extract(request.GetProperty("kind").GetProperty("kind").GetString(), request.GetProperty("object").Clone());
    }

    [Fact]
    public void RealPodCaptureYieldsItsContainerAndItsInitContainer()
    {
        var scan = Scan(Reviews.Corpus("k8tz-review-pod-with-initcontainers.json"));
        Assert.Equal(
            ["initContainer configure-sysctl docker.elastic.co/elasticsearch/elasticsearch:7.14.0 /spec/initContainers/0/image",
             "container elasticsearch docker.elastic.co/elasticsearch/elasticsearch:7.14.0 /spec/containers/0/image"],
            scan.Images.Select(i => $"{i.ContainerKind} {i.ContainerName} {i.Image} {i.Pointer}").Order().Reverse());
    }

    [Fact]
    public void RealCronJobAndDeploymentAndKubewardenPod()
    {
        Assert.Equal("/spec/jobTemplate/spec/template/spec/containers/0/image busybox:1.28",
            Assert.Single(Scan(Reviews.Corpus("k8tz-review-cronjob.json")).Images) is var c ? $"{c.Pointer} {c.Image}" : null);
        Assert.Equal("/spec/template/spec/containers/0/image nginx:latest",
            Assert.Single(Scan(Reviews.Corpus("kubewarden-deployment-creation.request.json")).Images) is var d ? $"{d.Pointer} {d.Image}" : null);
        Assert.Equal(["container nginx", "initContainer init"],
            Scan(Reviews.Corpus("kubewarden-pod-creation-with-init-container.request.json")).Images.Select(i => $"{i.ContainerKind} {i.Image}"));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void EveryKindYieldsContainersInitAndEphemeralContainers(string kind)
    {
        var scan = Scan(Reviews.For(kind, "u", "ns", ["a:1", "b:2"], init: ["i:1"], ephemeral: ["e:1"]));
        Assert.True(scan.KnownKind);
        Assert.Empty(scan.Problems);
        Assert.Equal(["container a:1", "container b:2", "initContainer i:1", "ephemeralContainer e:1"], scan.Images.Select(i => $"{i.ContainerKind} {i.Image}"));
        Assert.All(scan.Images, i => Assert.StartsWith(scan.PodSpecPointer + "/", i.Pointer));
    }

    public static TheoryData<string> AllKinds() => [.. Reviews.Kinds.Keys];

    [Fact]
    public void UnknownKindWithAPodTemplateIsStillSearchedAndOneWithoutHasNoImages()
    {
        var rollout = JsonDocument.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"x","image":"nginx"}]}}}}""").RootElement;
        Assert.Equal("nginx", Assert.Single(WorkloadImages.Extract("Rollout", rollout).Images).Image);
        var configMap = JsonDocument.Parse("""{"data":{"a":"b"}}""").RootElement;
        var none = WorkloadImages.Extract("ConfigMap", configMap);
        Assert.Null(none.PodSpecPointer);
        Assert.Empty(none.Images);
    }

    [Fact]
    public void ContainerWithoutImageAndNonListContainersAreProblems()
    {
        var pod = JsonDocument.Parse("""{"spec":{"containers":[{"name":"x"},{"name":"y","image":7}],"initContainers":{"bad":true}}}""").RootElement;
        var scan = WorkloadImages.Extract("Pod", pod);
        Assert.Empty(scan.Images);
        Assert.Equal(["/spec/containers/0 (x) has no image", "/spec/containers/1 (y) has no image", "/spec/initContainers is not a list"], scan.Problems);
    }

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27")]
    [InlineData("bitnami/redis:7", "docker.io/bitnami/redis:7")]
    [InlineData("localhost:5000/team/app:v1", "localhost:5000/team/app:v1")]
    [InlineData("registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "registry.example.com/app:latest")]
    public void ImageNamesAreNormalisedLikeTheRuntimeReadsThem(string written, string fullTag)
    {
        var name = ImageName.Parse(written);
        Assert.Equal(fullTag, name.FullTag);
        Assert.Equal(written.Contains('@'), name.Digest is not null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER/case:tag")]
    [InlineData("nginx:bad tag")]
    [InlineData("nginx@sha256:short")]
    [InlineData("nginx:")]
    public void UnparseableReferencesAreFormatErrorsNamingTheReference(string written)
    {
        var e = Assert.Throws<FormatException>(() => ImageName.Parse(written));
        Assert.Contains($"'{written}'", e.Message);
    }

    [Fact]
    public void PinningKeepsTheTagForReaders()
    {
        const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Assert.Equal($"docker.io/library/nginx:1.27@{Digest}", ImageName.Parse("nginx:1.27").Pinned(Digest));
    }
}
