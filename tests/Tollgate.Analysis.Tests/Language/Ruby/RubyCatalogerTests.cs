using Tollgate.Analysis.Catalogers.Language.Ruby;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Ruby;

public class RubyCatalogerTests
{
    [Fact]
    public void Gemspecs_in_a_specifications_folder()
    {
        // bundler.gemspec: bundler 2.1.4, licenses ["MIT"], 15 authors starting "André Arko";
        // formatador.gemspec: formatador 1.1.0 (version written as "1.1.0".freeze), MIT.
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "specifications"));
        foreach (var f in new[] { "bundler.gemspec", "formatador.gemspec" })
        {
            File.Copy(TestPaths.Corpus("syft", "ruby", f), Path.Combine(dir, "specifications", f));
        }

        var (r, warnings) = FolderImage.Catalog(new RubyCataloger(), dir, "/usr/lib/ruby/gems/2.6.0");
        Assert.Empty(warnings);
        var bundler = r.One("bundler", "2.1.4");
        Assert.Equal("pkg:gem/bundler@2.1.4", bundler.Purl);
        Assert.Equal("MIT", bundler.Licenses.Single().SpdxExpression);
        Assert.StartsWith("André Arko, Samuel Giddins", bundler.Metadata["authors"], StringComparison.Ordinal);
        Assert.Equal("MIT", r.One("formatador", "1.1.0").Licenses.Single().SpdxExpression);
    }

    [Fact]
    public void Gemfile_lock_lists_gem_git_and_path_specs()
    {
        // Gemfile.lock: PATH google-cloud-errors 1.3.0, GIT turbolinks 3.0.0, GEM specs such as actionmailer 4.1.1
        // depending on actionpack (= 4.1.1).
        var dir = TestPaths.NewTempDir();
        File.Copy(TestPaths.Corpus("syft", "ruby", "Gemfile.lock"), Path.Combine(dir, "Gemfile.lock"));
        var (r, _) = FolderImage.Catalog(new RubyCataloger(), dir, "/app");
        r.One("google-cloud-errors", "1.3.0");
        r.One("turbolinks", "3.0.0");
        var mailer = r.One("actionmailer", "4.1.1");
        Assert.True(r.HasEdge(mailer, r.One("actionpack", "4.1.1")));
        Assert.Equal("pkg:gem/actionmailer@4.1.1", mailer.Purl);
        // 53 four-space "name (version)" lines; one sits under "BAD-SECTION", which is no gem source, so 52 gems.
        Assert.Equal(52, r.Packages.Count);
    }

    [Fact]
    public void Image_pkg_coverage_ruby()
    {
        // specifications/bundler.gemspec (bundler 2.1.4), specifications/default/unbundler.gemspec (unbundler 3.1.4)
        // and Gemfile.lock.
        var (r, _) = FolderImage.Catalog(new RubyCataloger(), TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs", "ruby"), "/ruby");
        r.One("bundler", "2.1.4");
        r.One("unbundler", "3.1.4");
        Assert.Contains(r.Packages, p => p.FoundBy == GemfileLockParser.FoundBy);
    }

    [Fact]
    public void Debian_ruby_rack_gemspec()
    {
        // The lang image's ruby-rack installs rubygems-integration/all/specifications/rack-2.2.22.gemspec.
        var (r, _) = FolderImage.Catalog(new RubyCataloger(), LangImage.Rootfs("usr", "share", "rubygems-integration", "all"), "/usr/share/rubygems-integration/all");
        Assert.Equal("pkg:gem/rack@2.2.22", r.One("rack", "2.2.22").Purl);
    }
}
