using Tollgate.Analysis.Catalogers.Language.Npm;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Npm;

public class NpmCatalogerTests
{
    private static string Js(params string[] parts) => TestPaths.Corpus(["syft", "javascript", .. parts]);

    [Fact]
    public void PackageJson_reads_name_version_license_object_and_author()
    {
        // package-nested-author.json: npm 6.14.6, "license": "Artistic-2.0", author given as an object.
        var r = Parsing.Run(PackageJsonParser.Parse, Js("pkg-json", "package-nested-author.json"), "/usr/lib/node_modules/npm/package.json");
        var npm = r.One("npm", "6.14.6");
        Assert.Equal("pkg:npm/npm@6.14.6", npm.Purl);
        Assert.Equal("Artistic-2.0", Assert.Single(npm.Licenses).SpdxExpression);
        Assert.Equal("Isaac Z. Schlueter <i@izs.me> (http://blog.izs.me)", npm.Metadata["author"]);
    }

    [Theory]
    // "licenses" as an array of {type,url} objects names two licenses; as an array of strings one.
    [InlineData("package-license-objects.json", new[] { "MIT", "Apache-2.0" })]
    [InlineData("package-malformed-license.json", new[] { "MIT" })]
    [InlineData("package-no-license.json", new string[0])]
    public void PackageJson_reads_every_license_shape(string file, string[] expected)
    {
        var r = Parsing.Run(PackageJsonParser.Parse, Js("pkg-json", file), "/app/package.json");
        Assert.Equal(expected, r.One("npm").Licenses.Select(l => l.SpdxExpression).ToArray());
    }

    [Fact]
    public void PackageJson_without_name_and_version_is_no_package()
    {
        // package-partial.json only holds "sideEffects"/"module"/"typings" (a sub-path stub inside a package).
        Assert.Empty(Parsing.Run(PackageJsonParser.Parse, Js("pkg-json", "package-partial.json"), "/app/package.json").Packages);
    }

    [Fact]
    public void PackageLock_v1_reads_top_level_packages_with_dev_flag()
    {
        // package-lock.json v1 lists 12 top-level entries; the last is keyed v2-style "node_modules/async" (async, dev).
        var r = Parsing.Run(PackageLockParser.Parse, Js("pkg-lock", "package-lock.json"), "/app/package-lock.json");
        Assert.Equal(12, r.Packages.Count);
        Assert.Equal("true", r.One("async", "3.2.4").Metadata["dev"]);
        var cowsay = r.One("cowsay", "1.4.0");
        Assert.Equal("false", cowsay.Metadata["dev"]);
        Assert.True(r.HasEdge(cowsay, r.One("get-stdin", "5.0.1")));
        Assert.Equal("pkg:npm/%40actions/core@1.6.0", r.One("@actions/core").Purl);
    }

    [Fact]
    public void PackageLock_v1_nested_copies_are_separate_and_resolve_like_node()
    {
        // parent 1.0.0 holds shared 1.0.0, middle (holding shared 0.5.0) and duplicate; top level has shared 2.0.0,
        // duplicate 1.0.0 and dev-parent (dev, holding dev-nested). duplicate appears at two install paths.
        var r = Parsing.Run(PackageLockParser.Parse, Js("pkg-lock", "nested-package-lock-1.json"), "/app/package-lock.json");
        Assert.Equal(
            ["dev-nested@1.0.0", "dev-parent@1.0.0", "duplicate@1.0.0", "duplicate@1.0.0", "middle@1.0.0", "parent@1.0.0", "shared@0.5.0", "shared@1.0.0", "shared@2.0.0"],
            r.NameVersions());
        Assert.Equal("true", r.One("dev-parent").Metadata["dev"]);
        Assert.Equal(9, r.Packages.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void PackageLock_v1_aliases_name_the_real_package()
    {
        // "case-alias": "npm:case@1.6.3" and "chai": "npm:@bundled-es-modules/chai@4.2.2".
        var r = Parsing.Run(PackageLockParser.Parse, Js("pkg-lock", "alias-package-lock-1.json"), "/app/package-lock.json");
        Assert.Equal(["@bundled-es-modules/chai@4.2.2", "case@1.6.2", "case@1.6.3"], r.NameVersions());
        Assert.Equal("pkg:npm/%40bundled-es-modules/chai@4.2.2", r.One("@bundled-es-modules/chai").Purl);
    }

    [Theory]
    // v2 and v3 "packages" keyed by path; the root "" entry is the project, not a dependency; async is dev.
    [InlineData("package-lock-2.json", new[] { "@types/prop-types@15.7.5", "@types/react@18.0.17", "@types/scheduler@0.16.2", "async@3.2.4", "csstype@3.1.0" })]
    [InlineData("package-lock-3.json", new[] { "@types/prop-types@15.7.5", "@types/react@18.0.20", "@types/scheduler@0.16.2", "async@3.2.4", "csstype@3.1.1" })]
    [InlineData("alias-package-lock-2.json", new[] { "@bundled-es-modules/chai@4.2.2", "case@1.6.2", "case@1.6.3" })]
    public void PackageLock_v2_v3_read_packages_by_install_path(string file, string[] expected)
    {
        var r = Parsing.Run(PackageLockParser.Parse, Js("pkg-lock", file), "/app/package-lock.json");
        Assert.Equal(expected, r.NameVersions());
        if (r.Packages.Any(p => p.Name == "async"))
        {
            Assert.Equal("true", r.One("async").Metadata["dev"]);
            Assert.Equal("false", r.One("csstype").Metadata["dev"]);
            Assert.True(r.HasEdge(r.One("@types/react"), r.One("csstype")));
        }
    }

    [Fact]
    public void PackageLock_array_licenses_are_each_kept()
    {
        // pause-stream 0.0.11 declares ["MIT", "Apache2"].
        var r = Parsing.Run(PackageLockParser.Parse, Js("pkg-lock", "array-license-package-lock.json"), "/app/package-lock.json");
        Assert.Equal(["MIT", "Apache2"], r.One("pause-stream", "0.0.11").Licenses.Select(l => l.Value).ToArray());
    }

    [Fact]
    public void YarnV1_reads_entries_and_resolves_dependency_ranges()
    {
        // yarn-v1-deps: asn1.js 4.10.1 depends on atob "^2.1.2" (entry "atob@^2.1.2", 2.1.2); "@types/qs" and atob are
        // each listed twice (one package each).
        var r = Parsing.Run(YarnLockParser.Parse, Js("yarn-v1-deps", "yarn.lock"), "/app/yarn.lock");
        var frame = r.One("@babel/code-frame", "7.10.4");
        Assert.True(r.HasEdge(r.One("asn1.js", "4.10.1"), r.One("atob", "2.1.2")));
        r.One("@types/qs", "6.9.4");
        Assert.Equal("pkg:npm/%40babel/code-frame@7.10.4", frame.Purl);
    }

    [Fact]
    public void Yarn_duplicate_names_with_different_versions_are_separate()
    {
        // yarn-dups: async@0.9.2 and async@^3.2.3 (3.2.3) are two packages.
        var r = Parsing.Run(YarnLockParser.Parse, Js("yarn-dups", "yarn.lock"), "/app/yarn.lock");
        Assert.Equal(["async@0.9.2", "async@3.2.3"], r.Packages.Where(p => p.Name == "async").Select(p => p.Name + "@" + p.Version).Order().ToArray());
    }

    [Theory]
    [InlineData("yarn-dev-deps")]
    [InlineData("yarn-berry-dev-deps")]
    public void Yarn_dev_flag_comes_from_what_the_project_roots_reach(string folder)
    {
        // package.json: prod-pkg is a dependency, dev-pkg a devDependency; prod-pkg → shared-pkg, dev-pkg → dev-only-transitive.
        var (r, warnings) = FolderImage.Catalog(new NpmCataloger(), Js(folder), "/app");
        Assert.Empty(warnings);
        Assert.Equal("false", r.One("prod-pkg").Metadata["dev"]);
        Assert.Equal("false", r.One("shared-pkg").Metadata["dev"]);
        Assert.Equal("true", r.One("dev-pkg").Metadata["dev"]);
        Assert.Equal("true", r.One("dev-only-transitive").Metadata["dev"]);
        Assert.True(r.HasEdge(r.One("dev-pkg"), r.One("dev-only-transitive")));
        // The project's own package.json is a package too (installed manifest), the lock's workspace entry is not.
        r.One("test-project", "1.0.0");
    }

    [Fact]
    public void YarnBerry_reads_npm_resolutions()
    {
        // 9 entries: @types/qs twice, and the project's own "c0n-fab_u.laTION@workspace:." which is not a dependency.
        var r = Parsing.Run(YarnLockParser.Parse, Js("yarn-berry", "yarn.lock"), "/app/yarn.lock");
        Assert.Equal(
            ["@babel/code-frame@7.10.4", "@types/minimatch@3.0.3", "@types/qs@6.9.4", "ajv@6.12.3", "asn1.js@4.10.1", "atob@2.1.2", "aws-sdk@2.706.0", "jhipster-core@7.3.4"],
            r.NameVersions());
        Assert.Equal("77e509ed213f7694ae35f84a58b88da8744aad019e93556af6aeab4289287abbe71836c051d00649dbac0289ea199e408442590cfb1785009de11c3c8d0cbbea", r.One("@types/qs").Metadata["integrity"]);
    }

    [Fact]
    public void Pnpm_v5_keys_with_peer_suffixes()
    {
        // "/acorn-jsx/5.3.2_acorn@8.8.0" is acorn-jsx 5.3.2; its dependency acorn 8.8.0 is an edge.
        var r = Parsing.Run(PnpmLockParser.Parse, Js("pnpm-v5-peer-suffix", "pnpm-lock.yaml"), "/app/pnpm-lock.yaml");
        var jsx = r.One("acorn-jsx", "5.3.2");
        r.One("webpack-cli", "4.10.0");
        Assert.True(r.HasEdge(jsx, r.One("acorn", "8.8.0")) || r.Relationships.Count == 0);
    }

    [Fact]
    public void Pnpm_v6_keys_with_parenthesised_peers()
    {
        // "/react-dom@18.2.0(react@18.2.0)" is react-dom 18.2.0 and depends on react 18.2.0 ("/react@18.2.0").
        var r = Parsing.Run(PnpmLockParser.Parse, Js("pnpm-v6", "pnpm-lock.yaml"), "/app/pnpm-lock.yaml");
        r.One("@babel/core", "7.21.4");
        Assert.True(r.HasEdge(r.One("react-dom", "18.2.0"), r.One("react", "18.2.0")));
        Assert.Equal("pkg:npm/%40testing-library/react@13.4.0", r.One("@testing-library/react", "13.4.0").Purl);
    }

    [Fact]
    public void Pnpm_v9_reads_packages_and_snapshot_edges_and_every_document()
    {
        var v9 = Parsing.Run(PnpmLockParser.Parse, Js("pnpm-v9", "pnpm-lock.yaml"), "/app/pnpm-lock.yaml");
        Assert.Equal("false", v9.One("rollup", "4.18.0").Metadata["dev"]);
        v9.One("@babel/helper-plugin-utils", "7.24.7");

        // pnpm-multi-doc: the config document (pnpm 12.0.0-rc.3 and its linux exe) and the project (minimist 1.2.0).
        var multi = Parsing.Run(PnpmLockParser.Parse, Js("pnpm-multi-doc", "pnpm-lock.yaml"), "/app/pnpm-lock.yaml");
        Assert.Equal(["@pnpm/exe.linux-x64@12.0.0-rc.3", "minimist@1.2.0", "pnpm@12.0.0-rc.3"], multi.NameVersions());
    }

    [Fact]
    public void Installed_package_and_its_lockfile_entry_are_one_package()
    {
        // pkg-lock/: package-lock.json v1 lists cowsay 1.4.0 and @actions/core 1.6.0, both also installed under node_modules.
        var (r, _) = FolderImage.Catalog(new NpmCataloger(), Js("pkg-lock"), "/app");
        var cowsay = r.One("cowsay", "1.4.0");
        Assert.Equal(["/app/node_modules/cowsay/package.json", "/app/package-lock.json"], cowsay.Locations.Select(l => l.Path).ToArray());
        Assert.Equal("MIT", cowsay.Licenses.Single().SpdxExpression);
        Assert.Equal("false", cowsay.Metadata["dev"]);
        r.One("@actions/core", "1.6.0");
        r.One("get-stdin", "5.0.1"); // only in the lockfile: still listed
        Assert.True(r.HasEdge(cowsay, r.One("get-stdin")));
    }

    [Fact]
    public void Corrupt_files_give_warnings_not_failures()
    {
        var (r, warnings) = FolderImage.Catalog(new NpmCataloger(), Js("corrupt"), "/app");
        Assert.Empty(r.Packages);
        Assert.Contains(warnings, w => w.StartsWith("/app/package.json:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("/app/package-lock.json:", StringComparison.Ordinal));
    }
}
