using Tollgate.Analysis.Catalogers.Os.Apk;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Apk;

public class ApkCatalogerTests
{
    [Theory]
    [InlineData("x86_64")]
    [InlineData("aarch64")]
    public void AlpineMinirootfs_PackagesEqualExpectedTsv(string arch)
    {
        // The corpus TSV was extracted from the tarball's own lib/apk/db/installed (P, V, A, o): 14 rows.
        var tarball = TestPaths.Corpus("images", $"alpine-minirootfs-3.20.3-{arch}.tar.gz");
        var expected = File.ReadAllLines(TestPaths.Corpus("images", $"alpine-minirootfs-3.20.3-{arch}.expected-packages.tsv"))
            .Skip(1).Where(l => l.Length > 0).ToHashSet();

        var analysis = Analyze.Layers(new TestLayer(tarball));

        var actual = analysis.Packages.Select(p => $"{p.Name}\t{p.Version}\t{p.Architecture}\t{p.SourceName}").ToHashSet();
        Assert.Equal(expected.Order(), actual.Order());
        Assert.Equal(("alpine", "3.20.3"), (analysis.Distro?.Id, analysis.Distro?.VersionId));
        var busybox = analysis.Packages.Single(p => p.Name == "busybox");
        Assert.Equal($"pkg:apk/alpine/busybox@1.36.1-r29?arch={arch}&distro=alpine-3.20.3", busybox.Purl);
        Assert.Equal("GPL-2.0-only", busybox.Licenses.Single().SpdxExpression);
        var ssl = analysis.Packages.Single(p => p.Name == "libssl3");
        Assert.Equal($"pkg:apk/alpine/libssl3@3.3.2-r0?arch={arch}&distro=alpine-3.20.3&upstream=openssl", ssl.Purl);
        Assert.Empty(analysis.Warnings);
    }

    [Fact]
    public void AlpineMinirootfs_FilesOwnedWithSha1AndModes()
    {
        // apk records /bin/busybox with a Q1 (sha1) checksum; ownership maps it to the busybox package, and
        // every file apk lists for busybox that exists is linked with an owns-file edge.
        var analysis = Analyze.Layers(new TestLayer(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz")));
        var busybox = analysis.Packages.Single(p => p.Name == "busybox");

        var file = busybox.Files.Single(f => f.Path == "/bin/busybox");
        Assert.Equal("sha1", file.Digest?.Algorithm);
        Assert.Equal(40, file.Digest?.Value.Length);
        Assert.Contains(new Relationship(busybox.Id, "/bin/busybox", RelationshipTypes.OwnsFile), analysis.Relationships);
        Assert.Equal([busybox.Id], analysis.Files.Single(f => f.Path == "/bin/busybox").OwnedBy);

        // musl provides so:libc.musl-x86_64.so.1 which busybox depends on.
        var musl = analysis.Packages.Single(p => p.Name == "musl");
        Assert.Contains(new Relationship(busybox.Id, musl.Id, RelationshipTypes.DependsOn), analysis.Relationships);
    }

    [Fact]
    public void ExtraFileAttributes_EveryFieldRead()
    {
        // syft's extra-file-attributes fixture: a: gives "0:0:755", Z: a Q1 checksum, D:/p: the dependency lists.
        var warnings = new List<string>();
        using var reader = File.OpenText(Analyze.Syft("alpine", "extra-file-attributes"));
        var entry = Assert.Single(ApkDatabaseParser.Parse(reader, "installed", warnings));

        Assert.Equal(("openjdk8-jre", "8.212.04-r0", "x86_64", "openjdk8", "custom"), (entry.Name, entry.Version, entry.Architecture, entry.Origin, entry.License));
        Assert.Equal((359029L, 970752L, 1556993127L), (entry.Size!.Value, entry.InstalledSize!.Value, entry.BuildTime!.Value));
        Assert.Equal("46badd1aabd3375ae4b41c7194bc448f74b2ea4a", entry.Commit);
        Assert.Equal("Timo Teras <timo.teras@iki.fi>", entry.Maintainer);
        Assert.Contains("so:libX11.so.6", entry.Depends);
        Assert.Contains("so:openjdk8:libawt_xawt.so=0", entry.Provides);
        var file = Assert.Single(entry.Files);
        Assert.Equal("/usr/lib/jvm/java-1.8-openjdk/bin/policytool", file.Path);
        Assert.Equal(Convert.ToInt32("755", 8), file.Mode);
        Assert.Equal(new Digest("sha1", Convert.ToHexStringLower(Convert.FromBase64String("M0C9qfC/+kdRiOodeihG2GMRtkE="))), file.Digest);
        Assert.Empty(warnings);
    }

    [Fact]
    public void CorruptDb_KeepsValidRecordsAndWarns()
    {
        // The first paragraph is "this is a corrupt db": skipped with a warning naming the file; the records after
        // it are whole and must be kept.
        var analysis = Analyze.Layers(new TestLayer(Analyze.Syft("alpine", "corrupt")));

        Assert.Contains("alpine-baselayout-data", analysis.Packages.Select(p => p.Name));
        Assert.Contains(analysis.Warnings, w => w.StartsWith("/lib/apk/db/installed: record at line 1 skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyDependsAndProvides_AreEmptyNotBlank()
    {
        using var reader = File.OpenText(Analyze.Syft("alpine", "empty-deps-and-provides"));
        var entry = Assert.Single(ApkDatabaseParser.Parse(reader, "installed", new List<string>()));

        Assert.Empty(entry.Depends);
        Assert.Empty(entry.Provides);
        Assert.Contains(entry.Files, f => f.Path == "/etc/shadow" && f.Mode == Convert.ToInt32("0640", 8));
    }

    [Fact]
    public void HugeAndTruncatedRecords_NeverCrash()
    {
        // A record cut mid-line keeps what it has; a 1 MB value is cut with a warning.
        var warnings = new List<string>();
        var text = "P:a\nV:1\nT:" + new string('x', 1_000_000) + "\n\nP:b\nV:2\nA:x8";

        var entries = ApkDatabaseParser.Parse(new StringReader(text), "/lib/apk/db/installed", warnings);

        Assert.Equal(["a", "b"], entries.Select(e => e.Name));
        Assert.Equal(ApkDatabaseParser.MaxValueChars, entries[0].Description?.Length);
        Assert.Contains(warnings, w => w.StartsWith("/lib/apk/db/installed: field T", StringComparison.Ordinal));
    }
}
