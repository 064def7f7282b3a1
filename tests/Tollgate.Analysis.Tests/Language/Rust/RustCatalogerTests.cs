using System.Diagnostics;
using System.IO.Compression;
using Tollgate.Analysis.Catalogers.Language.Go;
using Tollgate.Analysis.Catalogers.Language.Rust;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Rust;

public class RustCatalogerTests
{
    private static string Rust(params string[] parts) => TestPaths.Corpus(["syft", "rust", .. parts]);

    [Fact]
    public void Cargo_lock_crates_with_sources_checksums_and_edges()
    {
        // Cargo.lock: 14 [[package]] tables, e.g. ansi_term 0.12.1 (crates.io, checksum d52a9bb7…) depending on "winapi",
        // errno 0.3.9 depending on "windows-sys 0.52.0" (a name and version, as two windows-sys versions are locked).
        var r = Parsing.Run(CargoLockParser.Parse, Rust("Cargo.lock"), "/src/Cargo.lock");
        Assert.Equal(14, r.Packages.Count);
        var ansi = r.One("ansi_term", "0.12.1");
        Assert.Equal("pkg:cargo/ansi_term@0.12.1", ansi.Purl);
        Assert.Equal("d52a9bb7ec0cf484c551830a7ce27bd20d67eac647e1befb56b0be4ee39a55d2", ansi.Metadata["checksum"]);
        Assert.True(r.HasEdge(ansi, r.One("winapi")));
        Assert.True(r.HasEdge(r.One("errno"), r.One("windows-sys", "0.52.0")));
    }

    [Fact]
    public void Git_and_path_dependencies()
    {
        // Cargo.lock-with-git-deps: 12 tables, two of them regex (registry 1.11.1 and a git checkout);
        // path-deps: app 1.0.0 and telemetry 0.1.0 (no source: workspace/path crates) and memchr 2.7.4.
        var git = Parsing.Run(CargoLockParser.Parse, Rust("Cargo.lock-with-git-deps"), "/src/Cargo.lock");
        Assert.Equal(12, git.Packages.Count);
        Assert.Contains(git.Packages, p => p.Name == "regex" && p.Metadata.GetValueOrDefault("source", "").StartsWith("git+", StringComparison.Ordinal));
        var path = Parsing.Run(CargoLockParser.Parse, Rust("path-deps", "Cargo.lock"), "/src/Cargo.lock");
        Assert.Equal(["app@1.0.0", "memchr@2.7.4", "telemetry@0.1.0"], path.NameVersions());
        Assert.False(path.One("telemetry").Metadata.ContainsKey("source"));
    }

    [Fact]
    public void Image_pkg_coverage_cargo_lock()
    {
        // pkgs/rust/Cargo.lock: three crates.
        var (r, _) = FolderImage.Catalog(new RustCataloger(), TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs", "rust"), "/rust");
        Assert.Equal(3, r.Packages.Count);
        Assert.All(r.Packages, p => Assert.StartsWith("pkg:cargo/", p.Purl, StringComparison.Ordinal));
    }

    [Fact]
    public void Cargo_auditable_section_in_an_elf_binary()
    {
        // A real ELF (the lang image's /usr/bin/env) with a .dep-v0 section added by objcopy, holding the zlib-compressed
        // JSON cargo-auditable writes: the root crate "hello" 0.1.0 → memchr 2.7.4 (runtime) and cc 1.0.83 (build).
        var dir = TestPaths.NewTempDir();
        var json = """
            {"packages":[
             {"name":"hello","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
             {"name":"memchr","version":"2.7.4","source":"crates.io"},
             {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}]}
            """;
        var section = Path.Combine(dir, "dep-v0.bin");
        using (var file = File.Create(section))
        using (var zlib = new ZLibStream(file, CompressionLevel.Optimal))
        {
            zlib.Write(System.Text.Encoding.UTF8.GetBytes(json));
        }

        Directory.CreateDirectory(Path.Combine(dir, "bin"));
        var binary = Path.Combine(dir, "bin", "hello");
        using (var objcopy = Process.Start("objcopy", ["--add-section", ".dep-v0=" + section, LangImage.Rootfs("usr", "bin", "env"), binary])!)
        {
            objcopy.WaitForExit();
            Assert.Equal(0, objcopy.ExitCode);
        }

        // The ELF request is declared by the Go cataloger, so the image keeps binaries for both; declare both here too.
        var (r, warnings) = FolderImage.Catalog(new Combined(new GoCataloger(), new RustCataloger()), Path.Combine(dir, "bin"), "/usr/local/bin");
        Assert.Empty(warnings);
        Assert.Equal(["cc@1.0.83", "hello@0.1.0", "memchr@2.7.4"], r.NameVersions());
        Assert.Equal("build", r.One("cc").Metadata["kind"]);
        Assert.True(r.HasEdge(r.One("hello"), r.One("memchr")));
        Assert.Equal("pkg:cargo/memchr@2.7.4", r.One("memchr").Purl);
    }

    /// <summary>Runs several catalogers over one image, as the pipeline does.</summary>
    private sealed class Combined(params Catalogers.ICataloger[] catalogers) : Catalogers.ICataloger
    {
        public string Name => "combined";

        public IReadOnlyList<Images.Content.ContentRequest> Requests => catalogers.SelectMany(c => c.Requests).ToList();

        public Catalogers.CatalogResult Catalog(Catalogers.CatalogContext context)
        {
            var results = catalogers.Select(c => c.Catalog(context)).ToList();
            return new Catalogers.CatalogResult
            {
                Packages = results.SelectMany(x => x.Packages).ToList(),
                Relationships = results.SelectMany(x => x.Relationships).ToList(),
            };
        }
    }
}
