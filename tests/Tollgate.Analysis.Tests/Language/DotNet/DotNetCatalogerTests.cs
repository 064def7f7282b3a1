using Tollgate.Analysis.Catalogers.Language.DotNet;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.DotNet;

public class DotNetCatalogerTests
{
    private static string Corpus(params string[] parts) => TestPaths.Corpus(["syft", .. parts]);

    [Fact]
    public void Deps_json_packages_with_sha512_and_edges()
    {
        // dir-example-1/TestLibrary.deps.json: 14 libraries, 12 of type package (AWSSDK.Core 3.7.10.6,
        // Microsoft.Extensions.* 6.0.0, …), 2 projects (skipped).
        var (r, warnings) = FolderImage.Catalog(new DotNetCataloger(), Corpus("dotnet", "dir-example-1"), "/app");
        Assert.Empty(warnings);
        Assert.Equal(12, r.Packages.Count);
        var aws = r.One("AWSSDK.Core", "3.7.10.6");
        Assert.Equal("pkg:nuget/AWSSDK.Core@3.7.10.6", aws.Purl);
        Assert.Equal("sha512", Assert.Single(aws.Digests).Algorithm);
        Assert.True(r.HasEdge(r.One("Microsoft.Extensions.Logging", "6.0.0"), r.One("Microsoft.Extensions.DependencyInjection", "6.0.0")));
    }

    [Fact]
    public void Reference_assemblies_are_not_packages()
    {
        // MyApp.deps.json: Newtonsoft.Json 13.0.3 (package), two referenceassembly entries and the project.
        var (r, _) = FolderImage.Catalog(new DotNetCataloger(), Corpus("dotnet", "deps-with-referenceassembly"), "/app");
        Assert.Equal(["Newtonsoft.Json@13.0.3"], r.NameVersions());
    }

    [Fact]
    public void Single_file_app_deps_lists_packages_and_the_runtime_pack()
    {
        // net8-app-single-file.deps.json: 51 packages (Humanizer 2.14.1 and its satellites, …) plus the runtime pack
        // Microsoft.NETCore.App.Runtime.win-x64 8.0.14 that a self-contained app ships.
        var (r, _) = FolderImage.Catalog(new DotNetCataloger(), Corpus("dotnet-pe"), "/app");
        Assert.Equal(52, r.Packages.Count);
        r.One("Humanizer", "2.14.1");
        r.One("Microsoft.NETCore.App.Runtime.win-x64", "8.0.14");
    }

    [Fact]
    public void Image_pkg_coverage_deps_json()
    {
        // pkgs/dotnet/TestLibrary.deps.json is the dir-example-1 file again: the same 12 packages.
        var (r, _) = FolderImage.Catalog(new DotNetCataloger(), Corpus("image-pkg-coverage", "pkgs", "dotnet"), "/dotnet");
        Assert.Equal(12, r.Packages.Count);
    }

    [Fact]
    public void Dotnet_publish_folder_is_described_by_its_deps_json_only()
    {
        // /opt/hello of the lang image: Hello.deps.json names Newtonsoft.Json 12.0.1 (package) and Hello 1.2.3 (project);
        // Hello.dll and Newtonsoft.Json.dll are its files, so the PE reader's findings there are not listed again.
        var (r, warnings) = FolderImage.Catalog(new DotNetCataloger(), LangImage.Rootfs("opt", "hello"), "/opt/hello");
        Assert.Empty(warnings);
        var json = Assert.Single(r.Packages);
        Assert.Equal("pkg:nuget/Newtonsoft.Json@12.0.1", json.Purl);
        Assert.Equal("/opt/hello/Hello.deps.json", json.Locations[0].Path);
    }

    [Fact]
    public void Pe_file_without_deps_json_gives_its_assembly()
    {
        // Newtonsoft.Json.dll 12.0.1 alone: AssemblyInformationalVersion 12.0.1+…, assembly version 12.0.0.0,
        // file version 12.0.1.22727 (as the deps.json above records it).
        var dir = TestPaths.NewTempDir();
        File.Copy(LangImage.Rootfs("opt", "hello", "Newtonsoft.Json.dll"), Path.Combine(dir, "Newtonsoft.Json.dll"));
        File.WriteAllText(Path.Combine(dir, "native.dll"), "MZ but not a PE file at all, padded " + new string('x', 600));
        var (r, warnings) = FolderImage.Catalog(new DotNetCataloger(), dir, "/usr/lib/app");
        var json = r.One("Newtonsoft.Json", "12.0.1");
        Assert.Equal("12.0.0.0", json.Metadata["assemblyVersion"]);
        Assert.Equal("12.0.1.22727", json.Metadata["fileVersion"]);
        Assert.Single(r.Packages);
        Assert.Single(warnings, w => w.StartsWith("/usr/lib/app/native.dll:", StringComparison.Ordinal));
    }
}
