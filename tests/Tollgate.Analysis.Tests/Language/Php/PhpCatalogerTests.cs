using Tollgate.Analysis.Catalogers.Language.Php;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Language.Php;

public class PhpCatalogerTests
{
    private static string Php(params string[] parts) => TestPaths.Corpus(["syft", "php", .. parts]);

    [Fact]
    public void Composer_lock_packages_and_dev_packages()
    {
        // composer.lock: packages adoy/fastcgi-client 1.0.2 and alcaeus/mongo-php-adapter 1.1.11;
        // packages-dev behat/gherkin v4.6.2 and codeception/codeception 4.1.6.
        var r = Parsing.Run(ComposerParser.ParseLock, Php("composer.lock"), "/app/composer.lock");
        Assert.Equal(["adoy/fastcgi-client@1.0.2", "alcaeus/mongo-php-adapter@1.1.11", "behat/gherkin@v4.6.2", "codeception/codeception@4.1.6"], r.NameVersions());
        Assert.Equal("pkg:composer/adoy/fastcgi-client@1.0.2", r.One("adoy/fastcgi-client").Purl);
        Assert.Equal("true", r.One("behat/gherkin").Metadata["dev"]);
        Assert.Equal("false", r.One("adoy/fastcgi-client").Metadata["dev"]);
        Assert.Equal("MIT", r.One("adoy/fastcgi-client").Licenses.Single().SpdxExpression);
    }

    [Theory]
    // v1: a bare array; v2: {"packages": …, "dev-package-names": ["behat/mink"]}. Both list asm89/stack-cors 1.3.0 and behat/mink v1.8.1.
    [InlineData("composer_1", "false")]
    [InlineData("composer_2", "true")]
    public void Installed_json_both_layouts(string folder, string minkDev)
    {
        var r = Parsing.Run(ComposerParser.ParseInstalled, Php("vendor", folder, "installed.json"), "/app/vendor/composer/installed.json");
        Assert.Equal(["asm89/stack-cors@1.3.0", "behat/mink@v1.8.1"], r.NameVersions());
        Assert.Equal(minkDev, r.One("behat/mink").Metadata["dev"]);
        Assert.Equal("pkg:composer/behat/mink@v1.8.1", r.One("behat/mink").Purl);
    }

    [Fact]
    public void Image_pkg_coverage_php()
    {
        // pkgs/php/vendor/composer/installed.json (v2): nikic/fast-route v1.3.0, psr/container 2.0.2, psr/http-factory 1.0.1.
        var (r, _) = FolderImage.Catalog(new PhpCataloger(), TestPaths.Corpus("syft", "image-pkg-coverage", "pkgs", "php"), "/php");
        Assert.Equal(["nikic/fast-route@v1.3.0", "psr/container@2.0.2", "psr/http-factory@1.0.1"], r.NameVersions());
    }
}
