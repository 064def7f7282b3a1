using Tollgate.Analysis.Model;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language;

/// <summary>
/// The "lang" test image, analysed end to end by the real loader and pipeline from its unpacked rootfs (the OCI and
/// docker-archive copies built here carry a truncated third layer, which the loader rightly refuses): every language
/// package the image was built with is found with its version and purl.
/// </summary>
public class LangImageTests
{
    private static readonly Lazy<ImageAnalysis> Analysis = new(() =>
        ImageAnalyzer.AnalyzeAsync("dir:" + LangImage.Rootfs(), new AnalyzeOptions()).GetAwaiter().GetResult());

    [Theory]
    // npm install --ignore-scripts lodash@4.17.20 minimist@1.2.5 express@4.17.1 in /app, with its package-lock.json.
    [InlineData("/app/", "npm", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20")]
    [InlineData("/app/", "npm", "minimist", "1.2.5", "pkg:npm/minimist@1.2.5")]
    [InlineData("/app/", "npm", "express", "4.17.1", "pkg:npm/express@4.17.1")]
    // Debian python3-requests installs requests-2.28.1.egg-info in /usr/lib/python3/dist-packages.
    [InlineData("/usr/lib/python3/dist-packages/", "pypi", "requests", "2.28.1", "pkg:pypi/requests@2.28.1")]
    // Debian libcommons-lang3-java: /usr/share/java/commons-lang3-3.12.0.jar.
    [InlineData("/usr/share/java/", "maven", "commons-lang3", "3.12.0", "pkg:maven/org.apache.commons/commons-lang3@3.12.0")]
    // Debian ruby-rack: rubygems-integration/all/specifications/rack-2.2.22.gemspec.
    [InlineData("/usr/share/rubygems-integration/", "gem", "rack", "2.2.22", "pkg:gem/rack@2.2.22")]
    // /usr/local/bin/esbuild from @esbuild/linux-x64 0.23.1: main module (pseudo-version from its VCS stamp), x/sys, stdlib.
    [InlineData("/usr/local/bin/", "golang", "github.com/evanw/esbuild", "v0.0.0-20240816221242-332727499e62", "pkg:golang/github.com/evanw/esbuild@v0.0.0-20240816221242-332727499e62")]
    [InlineData("/usr/local/bin/", "golang", "golang.org/x/sys", "v0.0.0-20220715151400-c0bba94af5f8", "pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8")]
    [InlineData("/usr/local/bin/", "golang", "stdlib", "go1.22.5", "pkg:golang/stdlib@1.22.5")]
    // dotnet publish of /opt/hello referencing Newtonsoft.Json 12.0.1.
    [InlineData("/opt/hello/", "nuget", "Newtonsoft.Json", "12.0.1", "pkg:nuget/Newtonsoft.Json@12.0.1")]
    public void Every_language_package_is_found(string under, string type, string name, string version, string purl)
    {
        // Other copies may exist elsewhere (typeprof's vscode/package-lock.json also locks minimist 1.2.5): look where it was put.
        var found = Analysis.Value.Packages
            .Where(p => p.Type == type && p.Name == name && p.Version == version && p.Locations[0].Path.StartsWith(under, StringComparison.Ordinal))
            .ToList();
        Assert.True(found.Count == 1, $"{found.Count} x {name}: " + string.Join("; ", found.Select(p => p.FoundBy + " " + string.Join(",", p.Locations.Select(l => l.Path)))));
        Assert.Equal(purl, found[0].Purl);
    }

    [Fact]
    public void App_packages_carry_lockfile_and_edges()
    {
        var packages = Analysis.Value.Packages;
        var express = packages.Single(p => p.Type == "npm" && p.Name == "express");
        Assert.Contains(express.Locations, l => l.Path == "/app/package-lock.json");
        Assert.Equal("false", express.Metadata["dev"]);
        var bodyParser = packages.Single(p => p.Type == "npm" && p.Name == "body-parser");
        Assert.Contains(new Relationship(express.Id, bodyParser.Id, RelationshipTypes.DependsOn), Analysis.Value.Relationships);
        Assert.DoesNotContain(Analysis.Value.Warnings, w => w.Contains("could not parse", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_lockfile_entry_of_the_app_is_one_installed_package()
    {
        // /app/package-lock.json (v3) has 52 entries besides the root; each is installed under /app/node_modules, so
        // the app yields 52 packages plus its own package.json (app 1.0.0), each listing both files.
        var app = Analysis.Value.Packages.Where(p => p.Type == "npm" && p.Locations[0].Path.StartsWith("/app/", StringComparison.Ordinal)).ToList();
        Assert.Equal(53, app.Count);
        Assert.All(app.Where(p => p.Name != "app"), p => Assert.Contains(p.Locations, l => l.Path == "/app/package-lock.json"));
        Assert.All(app, p => Assert.Equal(PackageJsonLocation(p), p.Locations[0].Path));
    }

    private static string PackageJsonLocation(Package p) => p.Locations.First(l => l.Path.EndsWith("/package.json", StringComparison.Ordinal)).Path;

    [Fact]
    public void Debian_owned_language_packages_are_marked()
    {
        // requests, commons-lang3 and rack are files of Debian packages; the ownership step says which.
        var packages = Analysis.Value.Packages;
        foreach (var (type, name) in new[] { ("pypi", "requests"), ("maven", "commons-lang3"), ("gem", "rack") })
        {
            var found = packages.Where(p => p.Type == type && p.Name == name && p.Locations[0].Path.StartsWith("/usr/", StringComparison.Ordinal)).ToList();
            Assert.True(found.Count == 1, $"{found.Count} x {name}: " + string.Join("; ", found.Select(p => p.FoundBy + " " + string.Join(",", p.Locations.Select(l => l.Path)))));
            Assert.NotNull(found[0].OwnedBy);
        }

        Assert.Null(packages.Single(p => p.Type == "npm" && p.Name == "lodash" && p.Locations[0].Path.StartsWith("/app/", StringComparison.Ordinal)).OwnedBy);
    }
}
