using Tollgate.Analysis.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Distros;

public class DistroTests
{
    [Fact]
    public void OsReleaseSymlink_IsResolvedInsideTheImage()
    {
        // Debian and Ubuntu ship /etc/os-release -> ../usr/lib/os-release; the step must follow it in the image.
        var dir = TestPaths.NewTempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "etc"));
            Directory.CreateDirectory(Path.Combine(dir, "usr", "lib"));
            File.Copy(Analyze.Syft("debian", "image-dpkg", "etc", "os-release"), Path.Combine(dir, "usr", "lib", "os-release"));
            File.CreateSymbolicLink(Path.Combine(dir, "etc", "os-release"), "../usr/lib/os-release");

            var distro = Analyze.Layers(new TestLayer(dir)).Distro!;

            Assert.Equal(("debian", "12", "bookworm", "/etc/os-release"), (distro.Id, distro.VersionId, distro.VersionCodename, distro.Source));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("etc/debian_version", "12.7\n", "debian", "12")]
    [InlineData("etc/alpine-release", "3.20.3\n", "alpine", "3.20.3")]
    [InlineData("etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n", "centos", "7.9.2009")]
    [InlineData("etc/redhat-release", "Red Hat Enterprise Linux release 8.10 (Ootpa)\n", "rhel", "8.10")]
    public void FallbackReleaseFiles_WhenNoOsRelease(string file, string content, string id, string version)
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "etc"));
            File.WriteAllText(Path.Combine(dir, file), content);

            var distro = Analyze.Layers(new TestLayer(dir)).Distro!;

            Assert.Equal((id, version), (distro.Id, distro.VersionId));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
