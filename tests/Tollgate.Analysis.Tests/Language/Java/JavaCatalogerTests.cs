using System.IO.Compression;
using System.Security.Cryptography;
using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Catalogers.Language.Java;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Java;

public class JavaCatalogerTests
{
    /// <summary>Zips each exploded jar of syft's jar-metadata fixture into "&lt;folder&gt;.jar" and catalogs them.</summary>
    private static (Model.Package[] Packages, CatalogResult Result, IReadOnlyList<string> Warnings) FromExploded(string folder)
    {
        var dir = TestPaths.NewTempDir();
        var source = TestPaths.Corpus("syft", "java", "jar-metadata", folder);
        ZipFile.CreateFromDirectory(source, Path.Combine(dir, Path.GetFileName(folder) + ".jar"));
        var (result, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/opt/app/lib");
        return (result.Packages.ToArray(), result, warnings);
    }

    [Theory]
    // pom.properties matching the file name makes the archive's package.
    [InlineData("opensaml-core-3.4.6", "pkg:maven/org.opensaml/opensaml-core@3.4.6")]
    // No pom.properties; pom.xml says com.fasterxml.jackson.core:jackson-core:2.15.2.
    [InlineData("jackson-core-2.15.2", "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.2")]
    // File name carries the group; the pom.xml for the artifact gives the same coordinates.
    [InlineData("com.fasterxml.jackson.core.jackson-core-2.15.2", "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.2")]
    // pom.xml version is ${commons.release.version} (unresolvable): file name version, pom.xml group.
    [InlineData("commons-lang3-3.12.0", "pkg:maven/org.apache.commons/commons-lang3@3.12.0")]
    // pom.xml io.micronaut:micronaut-aop:4.9.11.
    [InlineData("micronaut-aop-4.9.11", "pkg:maven/io.micronaut/micronaut-aop@4.9.11")]
    // Jenkins plugin manifest: Group-Id org.jenkins-ci.plugins, Short-Name gradle, Plugin-Version 2.11.
    [InlineData("jenkins-plugins/gradle/2.11", "pkg:maven/org.jenkins-ci.plugins/gradle@2.11")]
    // Manifest only: Implementation-Title com.newrelic.instrumentation.spring-4.3.0, Implementation-Version 1.0; the file
    // name minus "-1.0" is the artifact, the title's dotted prefix the group.
    [InlineData("spring-instrumentation-4.3.0-1.0", "pkg:maven/com.newrelic.instrumentation/spring-instrumentation-4.3.0@1.0")]
    public void Archive_package_from_poms_manifest_and_file_name(string folder, string purl)
    {
        var (packages, _, warnings) = FromExploded(folder);
        Assert.Empty(warnings);
        Assert.Contains(purl, packages.Select(p => p.Purl));
    }

    [Fact]
    public void Shaded_jar_lists_every_pom()
    {
        // multiple-matching-2.11.5: three pom.properties (org.multiple:multiple-matching-1/2/3:2.11.5), none named
        // like the file, so the archive's own package comes from the manifest/file name and the three poms are listed too.
        var (packages, r, _) = FromExploded("multiple-matching-2.11.5");
        Assert.Equal(
            ["multiple-matching-1@2.11.5", "multiple-matching-2@2.11.5", "multiple-matching-3@2.11.5", "multiple-matching@2.11.5"],
            r.NameVersions());
        Assert.All(packages, p => Assert.Equal("/opt/app/lib/multiple-matching-2.11.5.jar", p.Locations[0].Path));

        // org.multiple-thename: the same artifact under two groups (com.multiple and org.multiple), both 10.11.12.
        var (_, two, _) = FromExploded("org.multiple-thename");
        Assert.Contains("pkg:maven/com.multiple/thename@10.11.12", two.Packages.Select(p => p.Purl));
        Assert.Contains("pkg:maven/org.multiple/thename@10.11.12", two.Packages.Select(p => p.Purl));

        // api-all-2.0.0-sources: api-all and api-asn1-api, both org.apache.directory.api 2.0.0.
        var (_, api, _) = FromExploded("api-all-2.0.0-sources");
        Assert.Contains("pkg:maven/org.apache.directory.api/api-asn1-api@2.0.0", api.Packages.Select(p => p.Purl));
        Assert.Contains("pkg:maven/org.apache.directory.api/api-all@2.0.0", api.Packages.Select(p => p.Purl));
    }

    [Fact]
    public void Image_pkg_coverage_jar_and_hpi()
    {
        // example-java-app-maven-0.1.0.jar: its own pom (org.anchore) and shaded joda-time 2.9.2 (pom.properties);
        // example-jenkins-plugin.hpi: io.jenkins.plugins:example-jenkins-plugin:1.0-SNAPSHOT, repeated by the jar in
        // WEB-INF/lib (same purl, listed once).
        var dir = TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs", "java");
        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/java");
        Assert.Empty(warnings);
        Assert.Equal(["example-java-app-maven@0.1.0", "example-jenkins-plugin@1.0-SNAPSHOT", "joda-time@2.9.2"], r.NameVersions());
        var app = r.One("example-java-app-maven");
        Assert.Equal("pkg:maven/org.anchore/example-java-app-maven@0.1.0", app.Purl);
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(File.ReadAllBytes(Path.Combine(dir, "example-java-app-maven-0.1.0.jar"))));
        Assert.Equal(sha1, Assert.Single(app.Digests).Value);
        Assert.True(r.HasEdge(app, r.One("joda-time")));
        Assert.Equal("pkg:maven/joda-time/joda-time@2.9.2", r.One("joda-time").Purl);
        Assert.Equal("Apache 2", r.One("joda-time").Licenses.Single().Value); // as joda-time's pom.xml names it
    }

    [Fact]
    public void Nested_archives_are_followed()
    {
        // app.war holds WEB-INF/lib/opensaml-core-3.4.6.jar, which is itself a BOOT-INF-style holder of lib/inner-1.0.jar.
        var dir = TestPaths.NewTempDir();
        var inner = Jar(("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: 1.0\n"));
        var middle = Jar(("META-INF/maven/org.opensaml/opensaml-core/pom.properties", "groupId=org.opensaml\nartifactId=opensaml-core\nversion=3.4.6\n"), ("lib/inner-1.0.jar", inner));
        File.WriteAllBytes(Path.Combine(dir, "app.war"), Jar(("WEB-INF/lib/opensaml-core-3.4.6.jar", middle)));
        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/srv");
        Assert.Empty(warnings);
        var inner1 = r.One("inner", "1.0");
        Assert.Equal("/srv/app.war:WEB-INF/lib/opensaml-core-3.4.6.jar:lib/inner-1.0.jar", inner1.Metadata["virtualPath"]);
        Assert.Equal("/srv/app.war", inner1.Locations[0].Path);
        Assert.True(r.HasEdge(r.One("opensaml-core"), inner1));
    }

    [Fact]
    public void Zip_bomb_entry_is_refused_with_a_warning()
    {
        // A 64 MiB run of zeros deflates to ~64 KiB (ratio ~1000:1) inside a nested jar.
        var dir = TestPaths.NewTempDir();
        File.WriteAllBytes(Path.Combine(dir, "bomb-1.0.jar"), Jar(("lib/zeros-1.0.jar", new byte[64 << 20])));
        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/x");
        Assert.Contains(warnings, w => w.Contains("zip bomb", StringComparison.Ordinal) && w.Contains("lib/zeros-1.0.jar", StringComparison.Ordinal));
        r.One("bomb", "1.0");
    }

    [Fact]
    public void Entries_that_inflate_past_their_declared_size_are_read_only_up_to_it()
    {
        // Headers that lie: a nested jar and a pom.properties declare 1,000 bytes but hold 32 MiB of deflated zeros (a
        // ratio check on the declared sizes cannot see it). Reading must stop at the declared size, not at 32 MiB.
        var dir = TestPaths.NewTempDir();
        var jar = Jar(
            ("META-INF/maven/liar/liar/pom.properties", "groupId=liar\nartifactId=liar\nversion=1.0\n"),
            ("META-INF/maven/bomb/bomb/pom.properties", new byte[32 << 20]),
            ("lib/zeros-1.0.jar", new byte[32 << 20]));
        jar = WithDeclaredSize(WithDeclaredSize(jar, "META-INF/maven/bomb/bomb/pom.properties", 1000), "lib/zeros-1.0.jar", 1000);
        File.WriteAllBytes(Path.Combine(dir, "liar-1.0.jar"), jar);

        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/x");

        // The zip reader stops inflating at the declared size (ArchiveEntries would throw past it otherwise): the nested
        // "jar" is 1,000 zero bytes, not a zip, and says so; the pom is 1,000 NULs that name no package.
        r.One("liar", "1.0");
        Assert.Single(r.Packages);
        Assert.Single(warnings, w => w.StartsWith("/x/liar-1.0.jar:lib/zeros-1.0.jar: nested archive not read:", StringComparison.Ordinal));
    }

    [Fact]
    public void Zip_slip_names_are_ignored_with_a_warning()
    {
        var dir = TestPaths.NewTempDir();
        var evil = Jar(("META-INF/maven/evil/evil/pom.properties", "groupId=evil\nartifactId=evil\nversion=6.6.6\n"));
        File.WriteAllBytes(Path.Combine(dir, "slip-1.0.jar"), Jar(("../../../../tmp/evil-1.0.jar", evil), ("/etc/cron.d/x", "boom")));
        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/x");
        Assert.Contains(warnings, w => w.Contains("zip-slip", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Packages, p => p.Name == "evil");
        Assert.False(File.Exists("/tmp/evil-1.0.jar"));
    }

    [Fact]
    public void Fifty_deep_nesting_stops_at_the_depth_bound()
    {
        // level-50 holds level-49 … holds level-1; each has its own pom. Depth 0..8 are read (9 packages).
        var dir = TestPaths.NewTempDir();
        byte[] jar = Jar(("META-INF/maven/deep/level-1/pom.properties", "groupId=deep\nartifactId=level-1\nversion=1\n"));
        for (var level = 2; level <= 50; level++)
        {
            jar = Jar(($"META-INF/maven/deep/level-{level}/pom.properties", $"groupId=deep\nartifactId=level-{level}\nversion=1\n"), ($"lib/level-{level - 1}.jar", jar));
        }

        File.WriteAllBytes(Path.Combine(dir, "level-50.jar"), jar);
        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/x");
        Assert.Equal(9, r.Packages.Count);
        Assert.Contains(warnings, w => w.Contains("nested deeper than 8", StringComparison.Ordinal));
    }

    [Fact]
    public void Corrupt_zip_and_non_zip_named_jar()
    {
        var dir = TestPaths.NewTempDir();
        var good = Jar(("META-INF/MANIFEST.MF", "Implementation-Version: 1\n"));
        File.WriteAllBytes(Path.Combine(dir, "truncated-1.0.jar"), good[..(good.Length / 2)]);
        File.WriteAllText(Path.Combine(dir, "text-1.0.jar"), "not a zip at all");
        var (r, warnings) = FolderImage.Catalog(new JavaCataloger(), dir, "/x");
        Assert.Empty(r.Packages);
        Assert.Single(warnings, w => w.StartsWith("/x/truncated-1.0.jar:", StringComparison.Ordinal));
    }

    // Rewrites an entry's uncompressed size in its local header and its central directory record (a lying zip).
    private static byte[] WithDeclaredSize(byte[] zip, string name, uint size)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var patched = 0;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BitConverter.ToUInt32(zip, i);
            var (nameLengthAt, nameAt, sizeAt) = signature switch
            {
                0x04034b50 => (i + 26, i + 30, i + 22), // local file header
                0x02014b50 => (i + 28, i + 46, i + 24), // central directory header
                _ => (-1, -1, -1),
            };
            if (nameAt < 0 || BitConverter.ToUInt16(zip, nameLengthAt) != nameBytes.Length
                || !zip.AsSpan(nameAt, nameBytes.Length).SequenceEqual(nameBytes))
            {
                continue;
            }

            BitConverter.GetBytes(size).CopyTo(zip, sizeAt);
            patched++;
        }

        Assert.Equal(2, patched);
        return zip;
    }

    private static byte[] Jar(params (string Name, object Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(content is string text ? System.Text.Encoding.UTF8.GetBytes(text) : (byte[])content);
            }
        }

        return buffer.ToArray();
    }
}
