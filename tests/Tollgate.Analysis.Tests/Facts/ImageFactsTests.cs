using Tollgate.Analysis.Facts;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Tests.Support;
using Tollgate.Images.Model;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Facts;

public class ImageFactsTests
{
    [Theory]
    // Classic builder (docker build before BuildKit) writes "/bin/sh -c #(nop) " before non-RUN instructions.
    [InlineData("/bin/sh -c #(nop) ADD file:6f0c5c7d4b4d0c8f8b5c0f5a0f0d7b0a in / ", "ADD file:6f0c5c7d4b4d0c8f8b5c0f5a0f0d7b0a /")]
    [InlineData("/bin/sh -c #(nop)  CMD [\"bash\"]", "CMD [\"bash\"]")]
    [InlineData("/bin/sh -c #(nop) COPY dir:ab12 in /app ", "COPY dir:ab12 /app")]
    [InlineData("/bin/sh -c #(nop)  EXPOSE 80/tcp", "EXPOSE 80/tcp")]
    [InlineData("/bin/sh -c apt-get update && apt-get install -y curl", "RUN apt-get update && apt-get install -y curl")]
    // Classic builder RUN with build args: "|N K=V … /bin/sh -c cmd".
    [InlineData("|2 VERSION=1.2 ARCH=amd64 /bin/sh -c echo $VERSION", "RUN echo $VERSION")]
    // BuildKit writes the instruction itself and appends "# buildkit".
    [InlineData("RUN /bin/sh -c apk add --no-cache curl # buildkit", "RUN apk add --no-cache curl")]
    [InlineData("RUN |1 V=3 /bin/sh -c make install # buildkit", "RUN make install")]
    [InlineData("COPY app /app # buildkit", "COPY app /app")]
    [InlineData("EXPOSE map[8080/tcp:{} 8443/tcp:{}]", "EXPOSE 8080/tcp 8443/tcp")]
    [InlineData("ENV PATH=/usr/local/bin:/usr/bin", "ENV PATH=/usr/local/bin:/usr/bin")]
    [InlineData("WORKDIR /app", "WORKDIR /app")]
    [InlineData("", "# (no instruction recorded)")]
    public void HistoryEntries_BecomeDockerfileInstructions(string createdBy, string expected) =>
        Assert.Equal(expected, DockerfileRebuilder.Instruction(createdBy));

    [Fact]
    public void Facts_UserLayersHistoryAndBaseImage()
    {
        // An Alpine rootfs built as: ADD rootfs, CMD (empty layer), USER nobody. nobody is uid 65534 in Alpine's
        // passwd, so the image does not run as root; the one non-empty history entry is the layer's created_by; with
        // no annotation or label, the base image is the distro, evidenced by the rootfs ADD as first layer.
        var metadata = new ImageMetadata
        {
            Source = "test",
            SourceKind = "dir",
            Config = new ImageConfig { User = "nobody" },
            History =
            [
                new HistoryEntry { CreatedBy = "/bin/sh -c #(nop) ADD file:abc in / " },
                new HistoryEntry { CreatedBy = "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", EmptyLayer = true },
                new HistoryEntry { CreatedBy = "USER nobody", EmptyLayer = true },
            ],
            Layers = [new LayerDescriptor { Index = 0, DiffId = "sha256:" + new string('0', 64), Size = 3_490_290 }],
        };

        var analysis = Analyze.Layers(new AnalyzeOptions(), metadata, new TestLayer(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz")));
        var facts = analysis.Facts!;

        Assert.Equal(("nobody", 65534, false), (facts.User, facts.EffectiveUid, facts.RunsAsRoot));
        var layer = Assert.Single(facts.Layers);
        Assert.Equal(("/bin/sh -c #(nop) ADD file:abc in / ", 3_490_290L), (layer.CreatedBy, layer.Size));
        Assert.EndsWith("ADD file:abc /\nCMD [\"/bin/sh\"]\nUSER nobody\n", facts.Dockerfile);
        Assert.False(facts.DockerfileProvided);
        Assert.Equal(new BaseImage { Name = "alpine:3.20.3", LayerCount = 1, Evidence = "distro" }, facts.BaseImage);
    }

    [Fact]
    public void Facts_AnnotationsBeatLabels_DockerfileTextReplacesRebuild_EmptyUserIsRoot()
    {
        var metadata = new ImageMetadata
        {
            Source = "test",
            SourceKind = "dir",
            Annotations = new Dictionary<string, string>
            {
                ["org.opencontainers.image.base.name"] = "docker.io/library/debian:12",
                ["org.opencontainers.image.base.digest"] = "sha256:1111",
            },
            Config = new ImageConfig
            {
                User = "",
                Labels = new Dictionary<string, string> { ["org.opencontainers.image.base.name"] = "label-says-otherwise" },
            },
        };
        var options = new AnalyzeOptions { DockerfileText = "FROM debian:12\nRUN true\n" };

        var analysis = Analyze.Layers(options, metadata, new TestLayer(Analyze.Syft("debian", "image-dpkg")));

        Assert.Equal(new BaseImage { Name = "docker.io/library/debian:12", Digest = "sha256:1111", Evidence = "annotation" }, analysis.Facts!.BaseImage);
        Assert.Equal(("FROM debian:12\nRUN true\n", true), (analysis.Facts.Dockerfile, analysis.Facts.DockerfileProvided));
        Assert.Equal((0, true), (analysis.Facts.EffectiveUid, analysis.Facts.RunsAsRoot));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("1000:1000", 1000)]
    [InlineData("root:wheel", 0)]
    [InlineData("ghost", null)]
    public void EffectiveUid(string? user, int? expected)
    {
        var accounts = new AccountFacts { Users = [new UserAccount("root", 0, 0, "/root", "/bin/sh")] };
        Assert.Equal(expected, ImageFactsStep.EffectiveUid(user, accounts));
    }
}
