using System.Text.Json;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Syft;
using Tollgate.TestSupport;

namespace Tollgate.Sbom.Tests;

public class SyftJsonTests
{
    public static TheoryData<string> Samples => new(Directory.GetFiles(TestPaths.Corpus("samples", "syft"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_artifact_of_the_syft_samples_imports_as_a_package(string file)
    {
        var path = TestPaths.Corpus("samples", "syft", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var artifacts = doc.RootElement.GetProperty("artifacts").EnumerateArray().ToList();

        using var stream = File.OpenRead(path);
        var analysis = SyftJsonReader.Read(stream, file);

        Assert.Equal(artifacts.Count, analysis.Packages.Count);
        Assert.Equal(artifacts.Select(a => a.GetProperty("name").GetString()).Order(), analysis.Packages.Select(p => p.Name).Order());
        Assert.All(analysis.Packages, p => Assert.False(string.IsNullOrEmpty(p.Type)));
    }

    [Fact]
    public void The_alpine_sample_gives_apk_packages_with_purls_licenses_and_distro()
    {
        using var stream = File.OpenRead(TestPaths.Corpus("samples", "syft", "alpine.syft.json"));
        var analysis = SyftJsonReader.Read(stream, "alpine.syft.json");

        // The file lists alpine-baselayout 3.2.0-r7 from /lib/apk/db/installed with GPL-2.0-only, distro alpine 3.12.12.
        var baselayout = Assert.Single(analysis.Packages, p => p.Name == "alpine-baselayout");
        Assert.Equal(PackageTypes.Apk, baselayout.Type);
        Assert.Equal("3.2.0-r7", baselayout.Version);
        Assert.StartsWith("pkg:apk/alpine/alpine-baselayout@3.2.0-r7", baselayout.Purl);
        Assert.Equal("GPL-2.0-only", baselayout.Licenses.Single().SpdxExpression);
        Assert.Equal("/lib/apk/db/installed", baselayout.Locations.First().Path);
        Assert.Equal("alpine", analysis.Distro?.Id);
        Assert.Equal("3.12.12", analysis.Distro?.VersionId);
    }
}
