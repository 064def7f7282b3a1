using Tollgate.Images.References;

namespace Tollgate.Images.Tests.References;

public class SourceReferenceTests
{
    [Theory]
    [InlineData("oci-dir:/no/such/layout:3.20", "/no/such/layout", "3.20", null)]
    [InlineData("oci-dir:rel/dir", "rel/dir", null, null)]
    [InlineData("oci-archive:/x/img.tar:v1", "/x/img.tar", "v1", null)]
    [InlineData("oci-dir:/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "/x", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Layout_references_split_path_and_selector(string text, string path, string? tag, string? digest)
    {
        var r = SourceReference.Parse(text);
        Assert.Equal((path, tag, digest), (r.Path, r.Tag, r.Digest));
    }

    [Theory]
    [InlineData("alpine", "docker.io", "library/alpine", "latest", null)]
    [InlineData("registry:127.0.0.1:5000/team/app:1.2", "127.0.0.1:5000", "team/app", "1.2", null)]
    [InlineData("ghcr.io/org/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ghcr.io", "org/img", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost/x", "localhost", "x", "latest", null)]
    [InlineData("docker://quay.io/a/b:c", "quay.io", "a/b", "c", null)]
    public void Registry_references_follow_docker_defaults(string text, string host, string repo, string? tag, string? digest)
    {
        var r = SourceReference.Parse(text);
        Assert.Equal(SourceKind.Registry, r.Kind);
        Assert.Equal((host, repo, tag, digest), (r.Registry!.Host, r.Registry.Repository, r.Registry.Tag, r.Registry.Digest));
    }

    [Theory]
    [InlineData("/definitely/not/here", "no such file or directory")]
    [InlineData("Not_A_Ref//x", "not a registry reference")]
    [InlineData("registry:host.io/UPPER", "invalid repository name")]
    public void Bad_references_say_why(string text, string problem)
    {
        var e = Assert.Throws<ImageException>(() => SourceReference.Parse(text));
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(text + ": ", e.Message);
    }

    [Fact]
    public void Existing_paths_are_detected_by_content()
    {
        var dir = Tollgate.TestSupport.TestPaths.NewTempDir();
        try
        {
            Assert.Equal(SourceKind.Dir, SourceReference.Parse(dir).Kind);
            File.WriteAllText(Path.Combine(dir, "oci-layout"), "{}");
            Assert.Equal(SourceKind.OciDir, SourceReference.Parse(dir).Kind);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
