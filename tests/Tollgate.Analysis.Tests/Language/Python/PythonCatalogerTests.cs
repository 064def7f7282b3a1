using Tollgate.Analysis.Catalogers.Language.Python;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Python;

public class PythonCatalogerTests
{
    private static string Site(params string[] parts) => TestPaths.Corpus(["syft", "python", "site-packages", .. parts]);

    [Fact]
    public void Site_packages_fixture_yields_every_distribution_it_describes()
    {
        // Ten metadata files: seven copies of Pygments 2.6.1 (dist-info in five layouts incl. DIST-INFO upper case),
        // requests 2.22.0 in egg-info/PKG-INFO, EGG-INFO/PKG-INFO and a single-file test.egg-info, and a no-version
        // egg-info file ("Name: no-version" only). PKG-INFO-INVALID is not a metadata file name.
        var (r, warnings) = FolderImage.Catalog(new PythonCataloger(), Site(), "/usr/lib/python3/site-packages");
        Assert.Empty(warnings);
        var byName = r.Packages.GroupBy(p => p.Name + "@" + p.Version).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, byName["Pygments@2.6.1"]);
        Assert.Equal(3, byName["requests@2.22.0"]);
        Assert.Equal(1, byName["no-version@"]);
        Assert.Equal(10, r.Packages.Count);
        Assert.All(r.Packages.Where(p => p.Name == "Pygments"), p => Assert.Equal("pkg:pypi/pygments@2.6.1", p.Purl));
    }

    [Fact]
    public void Dist_info_reads_license_author_and_record_files()
    {
        // nested/dist-name/dist-info: "License: BSD License", Author Georg Brandl; RECORD lists 7 rows, the first
        // "../../../bin/pygmentize,sha256=dDhv…,220" relative to site-packages (here /usr/lib/python3.8/site-packages).
        var (r, _) = FolderImage.Catalog(new PythonCataloger(), Site("nested", "dist-name"), "/usr/lib/python3.8/site-packages");
        var pygments = r.One("Pygments", "2.6.1");
        Assert.Equal("BSD License", pygments.Licenses.Single().Value);
        Assert.Equal("Georg Brandl", pygments.Metadata["author"]);
        Assert.Equal(["/usr/lib/python3.8/site-packages/dist-info/METADATA", "/usr/lib/python3.8/site-packages/dist-info/RECORD"], pygments.Locations.Select(l => l.Path).ToArray());
        Assert.Equal(7, pygments.Files.Count);
        var bin = pygments.Files[0];
        Assert.Equal("/usr/bin/pygmentize", bin.Path);
        Assert.Equal(new Model.Digest("sha256", "dDhv_U2jiCpmFQwIRHpFRLAHUO4R1jIJPEvT_QYTFp8"), bin.Digest);
        Assert.Equal(220, bin.Size);
    }

    [Fact]
    public void Egg_info_license_normalises_to_spdx()
    {
        // "License: Apache 2.0" → Apache-2.0.
        var (r, _) = FolderImage.Catalog(new PythonCataloger(), Site("nested", "egg-name"), "/sp");
        Assert.Equal("Apache-2.0", r.One("requests", "2.22.0").Licenses.Single().SpdxExpression);
        Assert.Equal("pkg:pypi/requests@2.22.0", r.One("requests").Purl);
    }

    [Fact]
    public void License_falls_back_to_classifiers_when_no_license_field()
    {
        // without-license-file-declared: no License header; "Classifier: License :: OSI Approved :: BSD License".
        var (r, _) = FolderImage.Catalog(new PythonCataloger(), Site("license"), "/sp");
        var p = Assert.Single(r.Packages, p => p.Locations[0].Path.Contains("without", StringComparison.Ordinal));
        Assert.Equal("classifier", p.Licenses.Single().Source);
        Assert.Equal("BSD License", p.Licenses.Single().Value);
    }

    [Fact]
    public void Malformed_record_rows_are_kept_as_paths_without_failing()
    {
        // malformed-record RECORD has git conflict markers ("<<<<<<< HEAD") among real rows.
        var (r, warnings) = FolderImage.Catalog(new PythonCataloger(), Site("malformed-record"), "/sp");
        Assert.Empty(warnings);
        Assert.Contains(r.One("Pygments").Files, f => f.Path == "/sp/flask/json/tag.py" && f.Size == 8223);
    }

    [Fact]
    public void Image_pkg_coverage_python_folder()
    {
        // dist-info Pygments 2.6.1, egg-info requests 2.22.0, someotherpkg 3.19.0 (egg-info), somerequests 3.22.0
        // (dist-info), and pins from requirements*.txt: flask 4.0.0, jsonschema 2.6.0, passlib 1.7.2,
        // python-dateutil 2.8.1, python-swiftclient 3.8.1, pytz 2019.3 (requirements-dev.txt has "==" lines only).
        var (r, _) = FolderImage.Catalog(new PythonCataloger(), TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs", "python"), "/python");
        Assert.Equal(
            ["Pygments@2.6.1", "flask@4.0.0", "jsonschema@2.6.0", "passlib@1.7.2", "python-dateutil@2.8.1", "python-swiftclient@3.8.1", "pytz@2019.3", "requests@2.22.0", "someotherpkg@3.19.0", "somerequests@3.22.0"],
            r.NameVersions());
    }

    [Fact]
    public void Requirements_keep_exact_pins_only()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "requirements.txt"), """
            # pinned ones count
            Django==4.2.7
            requests[socks] == 2.31.0 ; python_version >= "3.8"
            urllib3==2.0.7 \
                --hash=sha256:fdb6d215c776278489906c2f8916e6e7d4f5a9b602ccbcfdf7f016fc8da0596e
            # ranges and options do not
            idna>=3.4
            certifi~=2023.7
            -r other.txt
            -e git+https://github.com/psf/black#egg=black
            """);
        var (r, _) = FolderImage.Catalog(new PythonCataloger(), dir, "/app");
        Assert.Equal(["Django@4.2.7", "requests@2.31.0", "urllib3@2.0.7"], r.NameVersions());
        Assert.Equal("pkg:pypi/django@4.2.7", r.One("Django").Purl);
    }

    [Fact]
    public void Poetry_uv_and_pipfile_locks()
    {
        // Hand-written in each tool's real lock format (no resolver is reachable here): requests 2.31.0 depending on
        // urllib3 2.0.7, and pytest 7.4.3 as a development dependency.
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "poetry"));
        Directory.CreateDirectory(Path.Combine(dir, "uv"));
        Directory.CreateDirectory(Path.Combine(dir, "pipenv"));
        File.WriteAllText(Path.Combine(dir, "poetry", "poetry.lock"), """
            # This file is automatically @generated by Poetry 1.4.2 and should not be changed by hand.

            [[package]]
            name = "pytest"
            version = "7.4.3"
            description = "pytest: simple powerful testing with Python"
            category = "dev"
            optional = false
            python-versions = ">=3.7"
            files = [
                {file = "pytest-7.4.3-py3-none-any.whl", hash = "sha256:0d009c083ea859a71b76adf7c1d502e4bc170b80a8ef002da5806527b9591fac"},
            ]

            [[package]]
            name = "requests"
            version = "2.31.0"
            description = "Python HTTP for Humans."
            category = "main"
            optional = false
            python-versions = ">=3.7"

            [package.dependencies]
            urllib3 = ">=1.21.1,<3"

            [[package]]
            name = "urllib3"
            version = "2.0.7"
            description = "HTTP library with thread-safe connection pooling, file post, and more."
            category = "main"
            optional = false
            python-versions = ">=3.7"

            [metadata]
            lock-version = "2.0"
            """);
        File.WriteAllText(Path.Combine(dir, "uv", "uv.lock"), """
            version = 1
            requires-python = ">=3.12"

            [[package]]
            name = "app"
            version = "0.1.0"
            source = { editable = "." }
            dependencies = [
                { name = "requests" },
            ]

            [[package]]
            name = "requests"
            version = "2.31.0"
            source = { registry = "https://pypi.org/simple" }
            dependencies = [
                { name = "urllib3" },
            ]

            [[package]]
            name = "urllib3"
            version = "2.0.7"
            source = { registry = "https://pypi.org/simple" }
            """);
        File.WriteAllText(Path.Combine(dir, "pipenv", "Pipfile.lock"), """
            {
                "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6},
                "default": {"requests": {"hashes": [], "index": "pypi", "version": "==2.31.0"}},
                "develop": {"pytest": {"hashes": [], "index": "pypi", "version": "==7.4.3"}}
            }
            """);
        var (r, warnings) = FolderImage.Catalog(new PythonCataloger(), dir, "/app");
        Assert.Empty(warnings);
        var poetry = r.Packages.Where(p => p.FoundBy == LockfileParsers.PoetryFoundBy).ToList();
        Assert.Equal(["pytest", "requests", "urllib3"], poetry.Select(p => p.Name).Order().ToArray());
        Assert.Equal("true", poetry.Single(p => p.Name == "pytest").Metadata["dev"]);
        Assert.True(r.HasEdge(poetry.Single(p => p.Name == "requests"), poetry.Single(p => p.Name == "urllib3")));
        var uv = r.Packages.Where(p => p.FoundBy == LockfileParsers.UvFoundBy).ToList();
        Assert.Equal(["requests@2.31.0", "urllib3@2.0.7"], uv.Select(p => p.Name + "@" + p.Version).Order().ToArray());
        Assert.True(r.HasEdge(uv.Single(p => p.Name == "requests"), uv.Single(p => p.Name == "urllib3")));
        var pipenv = r.Packages.Where(p => p.FoundBy == LockfileParsers.PipenvFoundBy).ToList();
        Assert.Equal("true", pipenv.Single(p => p.Name == "pytest").Metadata["dev"]);
        Assert.Equal("2.31.0", pipenv.Single(p => p.Name == "requests").Version);
    }

    [Fact]
    public void License_expression_wins_over_license_and_classifiers()
    {
        // Core metadata 2.4 (PEP 639): License-Expression is the SPDX answer; the classifier is older, vaguer evidence.
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "attrs-24.2.0.dist-info"));
        File.WriteAllText(Path.Combine(dir, "attrs-24.2.0.dist-info", "METADATA"), """
            Metadata-Version: 2.4
            Name: attrs
            Version: 24.2.0
            License-Expression: MIT OR Apache-2.0
            Classifier: License :: OSI Approved :: MIT License
            Requires-Dist: importlib-metadata; python_version < "3.8"

            Classes Without Boilerplate
            """);
        var (r, _) = FolderImage.Catalog(new PythonCataloger(), dir, "/usr/lib/python3.12/site-packages");
        var license = r.One("attrs", "24.2.0").Licenses.Single();
        Assert.Equal("MIT OR Apache-2.0", license.SpdxExpression);
        Assert.Equal("License-Expression", license.Source);
    }
}
