using Tollgate.Analysis.Catalogers.Language.Go;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Go;

public class GoCatalogerTests
{
    [Fact]
    public void Esbuild_binary_build_info()
    {
        // /usr/local/bin/esbuild of the lang image (from @esbuild/linux-x64 0.23.1). `go version -m` of it says go1.22.5,
        // mod github.com/evanw/esbuild (devel) stamped vcs.revision 332727499e62… at 2024-08-16T22:12:42Z, and one dep,
        // golang.org/x/sys v0.0.0-20220715151400-c0bba94af5f8 with its h1 sum.
        var (r, warnings) = FolderImage.Catalog(new GoCataloger(), LangImage.Rootfs("usr", "local", "bin"), "/usr/local/bin");
        Assert.Empty(warnings);
        var main = r.One("github.com/evanw/esbuild");
        Assert.Equal("v0.0.0-20240816221242-332727499e62", main.Version);
        Assert.Equal("pkg:golang/github.com/evanw/esbuild@v0.0.0-20240816221242-332727499e62", main.Purl);
        Assert.Equal("go1.22.5", main.Metadata["goVersion"]);
        Assert.Equal("github.com/evanw/esbuild/cmd/esbuild", main.Metadata["mainPackage"]);
        Assert.Equal("linux", main.Metadata["build.GOOS"]);
        Assert.Equal("0", main.Metadata["build.CGO_ENABLED"]);
        var sys = r.One("golang.org/x/sys", "v0.0.0-20220715151400-c0bba94af5f8");
        Assert.Equal("h1:0A+M6Uqn+Eje4kHMK80dtF3JCXC4ykBgQG4Fe06QRhQ=", sys.Metadata["h1Digest"]);
        Assert.Equal("pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8", sys.Purl);
        var stdlib = r.One("stdlib", "go1.22.5");
        Assert.Equal("pkg:golang/stdlib@1.22.5", stdlib.Purl);
        Assert.True(r.HasEdge(main, sys));
        Assert.Equal(3, r.Packages.Count);
    }

    [Fact]
    public void Stripped_section_headers_fall_back_to_the_magic_scan()
    {
        // The same binary with e_shoff, e_shnum and e_shstrndx zeroed (what `sstrip` does): no section table left.
        var dir = TestPaths.NewTempDir();
        var bytes = File.ReadAllBytes(LangImage.Rootfs("usr", "local", "bin", "esbuild"));
        Array.Clear(bytes, 0x28, 8);
        Array.Clear(bytes, 0x3C, 4);
        File.WriteAllBytes(Path.Combine(dir, "esbuild"), bytes);
        var (r, _) = FolderImage.Catalog(new GoCataloger(), dir, "/bin");
        Assert.Equal(["github.com/evanw/esbuild@v0.0.0-20240816221242-332727499e62", "golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8", "stdlib@go1.22.5"], r.NameVersions());
    }

    [Fact]
    public void Non_go_elf_gives_nothing()
    {
        // /usr/bin/env of the image is a C program: ELF, no build info.
        var dir = TestPaths.NewTempDir();
        File.Copy(LangImage.Rootfs("usr", "bin", "env"), Path.Combine(dir, "env"));
        var (r, warnings) = FolderImage.Catalog(new GoCataloger(), dir, "/usr/bin");
        Assert.Empty(r.Packages);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Go_mod_with_sums_and_replacements()
    {
        // image-pkg-coverage/pkgs/go/go.mod requires one module, github.com/bmatcuk/doublestar v1.3.1.
        var (r, _) = FolderImage.Catalog(new GoCataloger(), TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs", "go"), "/src");
        Assert.Equal("pkg:golang/github.com/bmatcuk/doublestar@v1.3.1", Assert.Single(r.Packages).Purl);

        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "go.mod"), """
            module example.com/app

            go 1.22

            require (
            	github.com/google/uuid v1.6.0
            	golang.org/x/text v0.14.0 // indirect
            )

            require github.com/pkg/errors v0.9.1

            replace github.com/pkg/errors => github.com/pkg/errors v0.9.0
            """);
        File.WriteAllText(Path.Combine(dir, "go.sum"), """
            github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
            github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
            """);
        var (mod, _) = FolderImage.Catalog(new GoCataloger(), dir, "/src");
        Assert.Equal(["github.com/google/uuid@v1.6.0", "github.com/pkg/errors@v0.9.0", "golang.org/x/text@v0.14.0"], mod.NameVersions());
        Assert.Equal("h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=", mod.One("github.com/google/uuid").Metadata["h1Digest"]);
        Assert.Equal("true", mod.One("golang.org/x/text").Metadata["indirect"]);
    }
}
