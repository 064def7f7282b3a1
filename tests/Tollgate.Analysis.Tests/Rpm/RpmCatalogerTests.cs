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
        var root = TestPaths.Corpus("syft", "image-pkg-coverage");
        var files = Directory.GetFiles(Path.Combine(root, "pkgs"), "*", SearchOption.AllDirectories)
            .Select(f => ("/" + Path.GetRelativePath(Path.Combine(root, "pkgs"), f), f))
            .Append(("/etc/os-release", Path.Combine(root, "etc", "os-release")))
            .ToArray();
        var (result, warnings) = Catalog(Ubuntu, files);

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
        Assert.Equal(new Location("/var/lib/rpm/Packages", 0) { LayerDiffId = "sha256:" + new string('0', 64) }, Assert.Single(dive.Locations));
        var file = Assert.Single(dive.Files);
        Assert.Equal("/usr/local/bin/dive", file.Path);
        Assert.Equal(new Digest("sha256", "81d29f327ba23096b3c52ff6fe1c425641e618bc87b5c05ee377edc650afaa55"), file.Digest);
        Assert.Equal(Convert.ToInt32("100755", 8), file.Mode);
        Assert.Equal(12406784, file.Size);
        Assert.Empty(result.Relationships);
    }

    /// <summary>The backend is told by magic: SLE's NDB file under the Berkeley DB name still reads.</summary>
    [Fact]
    public void Backend_is_detected_by_content_not_name()
    {
        var (result, warnings) = Catalog(
            new Distro { Id = "sles", VersionId = "15.3" },
            ("/var/lib/rpm/Packages", TestPaths.Corpus("rpmdb", "sle15-bci", "Packages.db")));

        Assert.Empty(warnings);
        Assert.Equal(35, result.Packages.Count);
        var bash = Assert.Single(result.Packages, p => p.Name == "bash");
        Assert.StartsWith("pkg:rpm/sles/bash@4.4-", bash.Purl);
        Assert.Contains("distro=sles-15.3", bash.Purl);
        Assert.Equal("SUSE LLC <https://www.suse.com/>", bash.Supplier);
        Assert.Contains("cpe:2.3:a:suse:bash:4.4:*:*:*:*:*:*:*", bash.Cpes);
    }

    [Fact]
    public void Sqlite_database_in_wal_mode_reads_and_leaves_no_temp_files()
    {
        var before = TempCopies();
        var (result, warnings) = Catalog(
            CentOs, ("/usr/lib/sysimage/rpm/rpmdb.sqlite", TestPaths.Corpus("rpmdb", "cbl-mariner-2.0", "rpmdb.sqlite")));

        Assert.Empty(warnings);
        Assert.Equal(129, result.Packages.Count);
        var ca = Assert.Single(result.Packages, p => p.Name == "ca-certificates-shared");
        Assert.Equal(1, ca.Epoch);
        Assert.Contains("epoch=1", ca.Purl);
        Assert.Equal(before, TempCopies());
    }

    /// <summary>CentOS 7: gpg-pubkey entries are keys, not packages; requirements resolve to providers and file owners.</summary>
    [Fact]
    public void Centos_database_gives_packages_without_keys_and_depends_on_edges()
    {
        var db = Path.Combine(GoRpmDbTestData, "centos7-httpd24", "Packages");
        var (result, warnings) = Catalog(CentOs, ("/var/lib/rpm/Packages", db));

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
        Assert.Equal("LGPL-2.0-or-later AND LGPL-2.0-or-later WITH exceptions AND GPL-2.0-or-later", glibc.Licenses[0].SpdxExpression);
        Assert.Contains(glibc.Files, f => f.Path == "/lib64/libc-2.17.so" && f.Digest?.Algorithm == "sha256");
    }

    private static (CatalogResult Result, IReadOnlyList<string> Warnings) Catalog(
        Distro distro, params (string ImagePath, string HostPath)[] files)
    {
        var cataloger = new RpmCataloger();
        using var image = RpmTestImage.Create(cataloger.Requests, files);
        var context = new CatalogContext(image, distro);
        return (cataloger.Catalog(context), context.Warnings);
    }

    private static string[] TempCopies() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "tollgate-rpmdb-*").Order(StringComparer.Ordinal)];
}
