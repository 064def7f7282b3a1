using Tollgate.Analysis.Tests.Support;

namespace Tollgate.Analysis.Tests.Ownership;

public class ImagePkgCoverageTests
{
    [Fact]
    public void EveryDpkgAndApkPackageIsFound()
    {
        // syft's image-pkg-coverage image is "pkgs/ copied to /, plus lib/ and etc/" (three layers here). Its OS
        // packages for dpkg and apk: apt 1.8.2 (status file), dash 0.5.8-2.4 and netbase 5.4 (status.d), libc-utils
        // 0.7.2-r0 and musl-utils 1.1.24-r2 (apk, whose db the lib/ layer overwrites: it must be counted once).
        // The rpm package there belongs to the rpm cataloger (another branch).
        var root = Analyze.Syft("image-pkg-coverage");
        var analysis = Analyze.Layers(
            new TestLayer(Path.Combine(root, "pkgs")),
            new TestLayer(Path.Combine(root, "lib"), "/lib"),
            new TestLayer(Path.Combine(root, "etc"), "/etc"));

        var os = analysis.Packages.Where(p => p.Type is "deb" or "apk")
            .Select(p => (p.Type, p.Name, p.Version)).Order().ToList();
        Assert.Equal(
            [("apk", "libc-utils", "0.7.2-r0"), ("apk", "musl-utils", "1.1.24-r2"), ("deb", "apt", "1.8.2"), ("deb", "dash", "0.5.8-2.4"), ("deb", "netbase", "5.4")],
            os);

        // The os-release says Ubuntu 20.04: deb purls take the distro as namespace and qualifier.
        Assert.Equal("pkg:deb/ubuntu/dash@0.5.8-2.4?arch=amd64&distro=ubuntu-20.04", analysis.Packages.Single(p => p.Name == "dash").Purl);
        Assert.Equal(["debian"], analysis.Distro?.IdLike);
    }
}
