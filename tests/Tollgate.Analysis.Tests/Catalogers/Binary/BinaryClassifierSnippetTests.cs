using System.Text;
using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Catalogers.Binary;
using Tollgate.Analysis.Model;
using Tollgate.Analysis.Tests.Support;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Binary;

/// <summary>
/// Runs every snippet folder of the shared classifier corpus (syft's, bytes cut from the real binaries) through the
/// cataloger as a small image. The path is the oracle: &lt;classifier&gt;/&lt;version&gt;/&lt;platform&gt;/files.
/// </summary>
public sealed class BinaryClassifierSnippetTests
{
    private const string SnippetMarker = "### byte snippet to follow ###\n";
    private static readonly BinaryClassifierCataloger Cataloger = new();

    /// <summary>
    /// Folders whose bytes cannot give the version their name states, with what they do give and why.
    /// </summary>
    private static readonly Dictionary<string, string> StatedDifferently = new()
    {
        // The binary prints "1.7.0" only; "-dev-3" is the upstream build's git describe suffix, not in the bytes.
        ["fluent-bit/1.7.0-dev-3"] = "1.7.0",
        // "w" marks the Windows layout (bin/go.exe); the VERSION file says go1.15.
        ["go-version-hint/1.15w"] = "1.15",
    };

    public static TheoryData<string> SnippetFolders()
    {
        var root = TestPaths.Corpus("syft", "binary", "classifiers", "snippets");
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(root).SelectMany(Directory.GetDirectories).SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, dir).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SnippetFolders))]
    public void Snippet_folder_gives_the_classifier_and_version_of_its_path(string folder)
    {
        var parts = folder.Split('/');
        var (classifier, version) = (parts[0], parts[1]);
        var expected = StatedDifferently.GetValueOrDefault($"{classifier}/{version}", version);

        var packages = CatalogFolder(TestPaths.Corpus("syft", "binary", "classifiers", "snippets", folder));

        Assert.NotEmpty(packages);
        Assert.All(packages, p =>
        {
            Assert.Equal((classifier, expected), (p.Metadata["classifier"], p.Version));
            Assert.Equal($"pkg:generic/{p.Name}@{PurlVersion(expected)}", p.Purl);
            Assert.NotEmpty(p.Cpes);
            Assert.All(p.Cpes, cpe => Assert.StartsWith("cpe:2.3:a:", cpe, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Every_snippet_folder_is_covered()
    {
        // 124 folders in the corpus (README); a new folder without a classifier fails the theory above.
        Assert.True(SnippetFolders().Count >= 120, $"only {SnippetFolders().Count} snippet folders found");
    }

    [Fact]
    public void Negative_examples_give_nothing()
    {
        var packages = CatalogFolder(TestPaths.Corpus("syft", "binary", "classifiers", "negative"));
        Assert.Empty(packages);
    }

    [Fact]
    public void Busybox_of_the_real_alpine_minirootfs_is_found()
    {
        var image = new SyntheticImage().LayerFromTarGz(TestPaths.Corpus("images", "alpine-minirootfs-3.20.3-x86_64.tar.gz"));
        using var loaded = image.Build(Cataloger.Requests);

        var packages = Cataloger.Catalog(new CatalogContext(loaded, null)).Packages;

        // apk says busybox 1.36.1-r29 and libcrypto3 3.3.2-r0 (expected-packages.tsv); the binaries carry the upstream
        // versions. libssl.so.3 holds no version string (OpenSSL 3 keeps it in libcrypto), so it gives nothing.
        // Ownership (marking them as part of the apk packages) is the ownership step's job.
        var found = packages.Select(p => (p.Name, p.Version, p.Locations[0].Path)).Order().ToList();
        Assert.Equal(
            [("busybox", "1.36.1", "/bin/busybox"), ("openssl", "3.3.2", "/lib/libcrypto.so.3")],
            found);
        Assert.Contains("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*", packages.First(p => p.Name == "busybox").Cpes);
    }

    private static string PurlVersion(string version) => Tollgate.Analysis.Identity.PackageUrl.Encode(version);

    private static IReadOnlyList<Package> CatalogFolder(string dir)
    {
        var image = new SyntheticImage().Layer();
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            image.File("/snippet/" + Path.GetRelativePath(dir, file).Replace('\\', '/'), SnippetBytes(File.ReadAllBytes(file)));
        }

        using var loaded = image.Build(Cataloger.Requests);
        return Cataloger.Catalog(new CatalogContext(loaded, null)).Packages;
    }

    /// <summary>The bytes after the header line; files without a header are bytes throughout.</summary>
    private static byte[] SnippetBytes(byte[] file)
    {
        var marker = Encoding.ASCII.GetBytes(SnippetMarker);
        var at = file.AsSpan().IndexOf(marker);
        return at < 0 ? file : file[(at + marker.Length)..];
    }
}
