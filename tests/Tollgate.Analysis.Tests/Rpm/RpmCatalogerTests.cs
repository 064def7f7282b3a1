using Microsoft.Data.Sqlite;
using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Catalogers.Os.Rpm;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

public class RpmCatalogerTests
{
    private const string GoRpmDbTestData = "/usr/share/gocode/src/github.com/knqyf263/go-rpmdb/pkg/testdata";
    private static readonly Distro Ubuntu = new() { Id = "ubuntu", VersionId = "20.04" };
    private static readonly Distro CentOs = new() { Id = "centos", VersionId = "7" };

    [Fact]
    public void Is_registered_once()
    {
        Assert.Single(CatalogerRegistry.All.OfType<RpmCataloger>());
    }

    /// <summary>syft's image-pkg-coverage rootfs: every file of it in the image, one rpm (dive) in its Packages.</summary>
    [Fact]
    public void Syft_pkg_coverage_image_has_exactly_dive()
    {
        var (result, warnings) = Catalog(Ubuntu, SyftCoverageImage);

        Assert.Empty(warnings);
        var dive = Assert.Single(result.Packages);
        Assert.Equal("dive", dive.Name);
        Assert.Equal("0.9.2-1", dive.Version);
        Assert.Equal("1", dive.Release);
        Assert.Null(dive.Epoch);
        Assert.Equal("x86_64", dive.Architecture);
        Assert.Equal(PackageTypes.Rpm, dive.Type);
        Assert.Equal("rpm-db", dive.FoundBy);
        Assert.Equal("pkg:rpm/ubuntu/dive@0.9.2-1?arch=x86_64&distro=ubuntu-20.04&upstream=dive-0.9.2-1.src.rpm", dive.Purl);
        Assert.Equal(["cpe:2.3:a:dive:dive:0.9.2:*:*:*:*:*:*:*"], dive.Cpes);
        Assert.Equal("dive", dive.SourceName);
        Assert.Equal("0.9.2-1", dive.SourceVersion);
        Assert.Equal(12406784, dive.InstalledSize);
        Assert.Equal("MIT", Assert.Single(dive.Licenses).SpdxExpression);
        var location = Assert.Single(dive.Locations);
        Assert.Equal(("/var/lib/rpm/Packages", 0), (location.Path, location.Layer));
        Assert.Matches("^sha256:[0-9a-f]{64}$", location.LayerDiffId);
        var file = Assert.Single(dive.Files);
        Assert.Equal("/usr/local/bin/dive", file.Path);
        Assert.Equal(new Digest("sha256", "81d29f327ba23096b3c52ff6fe1c425641e618bc87b5c05ee377edc650afaa55"), file.Digest);
        Assert.Equal(Convert.ToInt32("100755", 8), file.Mode);
        Assert.Equal(12406784, file.Size);
        Assert.Empty(result.Relationships);
    }

    /// <summary>The whole pipeline over the same image: the distro step's os-release reaches the purl.</summary>
    [Fact]
    public void Pipeline_finds_dive_with_the_distro_from_os_release()
    {
        var analysis = Analyze.Layers(SyftCoverageImage);

        var dive = Assert.Single(analysis.Packages, p => p.Type == PackageTypes.Rpm);
        Assert.Equal("pkg:rpm/ubuntu/dive@0.9.2-1?arch=x86_64&distro=ubuntu-20.04&upstream=dive-0.9.2-1.src.rpm", dive.Purl);
        Assert.DoesNotContain(analysis.Warnings, w => w.Contains("rpm", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The backend is told by magic: SLE's NDB file under the Berkeley DB name still reads.</summary>
    [Fact]
    public void Backend_is_detected_by_content_not_name()
    {
        var folder = TestPaths.NewTempDir();
        File.Copy(TestPaths.Corpus("rpmdb", "sle15-bci", "Packages.db"), Path.Combine(folder, "Packages"));
        var (result, warnings) = Catalog(new Distro { Id = "sles", VersionId = "15.3" }, new TestLayer(folder, "/var/lib/rpm"));
        Directory.Delete(folder, recursive: true);

        Assert.Empty(warnings);
        Assert.Equal(35, result.Packages.Count);
        var bash = Assert.Single(result.Packages, p => p.Name == "bash");
        Assert.StartsWith("pkg:rpm/sles/bash@4.4-", bash.Purl);
        Assert.Contains("distro=sles-15.3", bash.Purl);
        Assert.Equal("SUSE LLC <https://www.suse.com/>", bash.Supplier);
        Assert.Contains("cpe:2.3:a:suse:bash:4.4:*:*:*:*:*:*:*", bash.Cpes);
    }

    [Fact]
    public void Sqlite_database_in_wal_mode_reads_where_rpm_4_16_keeps_it()
    {
        var (result, warnings) = Catalog(CentOs, new TestLayer(TestPaths.Corpus("rpmdb", "cbl-mariner-2.0"), "/usr/lib/sysimage/rpm"));

        Assert.Empty(warnings);
        Assert.Equal(129, result.Packages.Count);
        var ca = Assert.Single(result.Packages, p => p.Name == "ca-certificates-shared");
        Assert.Equal(1, ca.Epoch);
        Assert.Contains("epoch=1", ca.Purl);
    }

    /// <summary>A commit still in rpmdb.sqlite-wal (not checkpointed) counts, as it does for rpm: the -wal goes beside the copy.</summary>
    [Fact]
    public void Sqlite_commits_still_in_the_wal_file_are_seen()
    {
        var live = TestPaths.NewTempDir();
        var image = TestPaths.NewTempDir();
        try
        {
            var db = Path.Combine(live, "rpmdb.sqlite");
            File.Copy(TestPaths.Corpus("rpmdb", "cbl-mariner-2.0", "rpmdb.sqlite"), db);
            using (var connection = new SqliteConnection($"Data Source={db};Pooling=False;Foreign Keys=False"))
            {
                connection.Open();
                using var noCheckpoint = connection.CreateCommand();
                noCheckpoint.CommandText = "PRAGMA wal_autocheckpoint=0";
                noCheckpoint.ExecuteNonQuery();
                using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM Packages WHERE hnum = 3";
                Assert.Equal(1, delete.ExecuteNonQuery());

                // Snapshot while the connection is open, as a running system would leave it in an image layer.
                File.Copy(db, Path.Combine(image, "rpmdb.sqlite"));
                File.Copy(db + "-wal", Path.Combine(image, "rpmdb.sqlite-wal"));
            }

            Assert.True(new FileInfo(Path.Combine(image, "rpmdb.sqlite-wal")).Length > 0, "the delete is not in the WAL");
            var (withWal, warnings) = Catalog(CentOs, new TestLayer(image, "/var/lib/rpm"));
            File.Delete(Path.Combine(image, "rpmdb.sqlite-wal"));
            var (withoutWal, _) = Catalog(CentOs, new TestLayer(image, "/var/lib/rpm"));

            Assert.Empty(warnings);
            Assert.Equal(128, withWal.Packages.Count);
            Assert.Equal(129, withoutWal.Packages.Count);
        }
        finally
        {
            Directory.Delete(live, recursive: true);
            Directory.Delete(image, recursive: true);
        }
    }

    [Fact]
    public void Stale_berkeley_db_beside_sqlite_is_not_read_twice()
    {
        var (result, warnings) = Catalog(
            CentOs,
            new TestLayer(TestPaths.Corpus("rpmdb", "libuuid"), "/var/lib/rpm"),
            new TestLayer(TestPaths.Corpus("rpmdb", "cbl-mariner-2.0"), "/var/lib/rpm"));

        Assert.Equal(129, result.Packages.Count);
        Assert.DoesNotContain(result.Packages, p => p.Name == "libuuid");
        Assert.Equal(
            "/var/lib/rpm/Packages: not read, /var/lib/rpm/rpmdb.sqlite is the database rpm uses in that folder",
            Assert.Single(warnings));
    }

    /// <summary>CentOS 7: gpg-pubkey entries are keys, not packages; requirements resolve to providers and file owners.</summary>
    [Fact]
    public void Centos_database_gives_packages_without_keys_and_depends_on_edges()
    {
        var db = Path.Combine(GoRpmDbTestData, "centos7-httpd24", "Packages");
        var (result, warnings) = Catalog(CentOs, new TestLayer(Path.GetDirectoryName(db)!, "/var/lib/rpm"));

        Assert.Empty(warnings);
        var all = RpmRows.Read(db).Packages;
        Assert.Equal(all.Count(p => p.Name != "gpg-pubkey"), result.Packages.Count);
        Assert.Equal(225 - 3, result.Packages.Count);
        Assert.Equal(result.Packages.Count, result.Packages.Select(p => p.Id).Distinct().Count());

        string Id(string name) => Assert.Single(result.Packages, p => p.Name == name).Id;
        var edges = result.Relationships.ToHashSet();
        Assert.Contains(new Relationship(Id("bash"), Id("glibc"), RelationshipTypes.DependsOn), edges); // libc.so.6()(64bit)
        Assert.Contains(new Relationship(Id("bash"), Id("ncurses-libs"), RelationshipTypes.DependsOn), edges); // libtinfo.so.5()(64bit)
        Assert.Contains(new Relationship(Id("grep"), Id("bash"), RelationshipTypes.DependsOn), edges); // /bin/sh
        Assert.All(result.Relationships, r => Assert.NotEqual(r.From, r.To));
        Assert.Equal(result.Relationships.Count, edges.Count);

        var glibc = Assert.Single(result.Packages, p => p.Name == "glibc" && p.Architecture == "x86_64");
        Assert.Equal("glibc", glibc.SourceName);
        // "LGPLv2+ and LGPLv2+ with exceptions and GPLv2+": "exceptions" names no SPDX exception, so no expression is claimed.
        Assert.Null(glibc.Licenses[0].SpdxExpression);
        Assert.Equal("LGPLv2+ and LGPLv2+ with exceptions and GPLv2+", glibc.Licenses[0].Value);
        Assert.Contains(glibc.Files, f => f.Path == "/lib64/libc-2.17.so" && f.Digest?.Algorithm == "sha256");
    }

    /// <summary>syft's image-pkg-coverage image: pkgs/ copied to /, plus its etc/.</summary>
    private static TestLayer[] SyftCoverageImage =>
    [
        new(TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs")),
        new(TestPaths.Corpus("syft", "image-pkg-coverage", "etc"), "/etc"),
    ];

    private static (CatalogResult Result, IReadOnlyList<string> Warnings) Catalog(Distro distro, params TestLayer[] layers)
    {
        var cataloger = new RpmCataloger();
        using var image = TestImage.Load(cataloger.Requests, null, layers);
        var context = new CatalogContext(image, distro);
        return (cataloger.Catalog(context), context.Warnings);
    }
}
