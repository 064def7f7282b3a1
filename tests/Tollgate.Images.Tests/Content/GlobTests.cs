using Tollgate.Images.Content;

namespace Tollgate.Images.Tests.Content;

public sealed class GlobTests
{
    [Theory]
    // Suffix shapes (matched without the regex engine) …
    [InlineData("**/package.json", "/app/node_modules/x/package.json", true)]
    [InlineData("**/package.json", "/package.json", true)]
    [InlineData("**/package.json", "package.json", true)]
    [InlineData("**/package.json", "/app/xpackage.json", false)]
    [InlineData("**/package.json", "/app/package.json/other", false)]
    [InlineData("**/*.deps.json", "/opt/hello/Hello.deps.json", true)]
    [InlineData("**/*.deps.json", "/opt/hello/.deps.json", true)]
    [InlineData("**/*.deps.json", "/opt/hello/Hello.deps.jsonx", false)]
    [InlineData("**/lib/apk/db/installed", "/lib/apk/db/installed", true)]
    [InlineData("**/lib/apk/db/installed", "/x/lib/apk/db/installed", true)]
    [InlineData("**/lib/apk/db/installed", "/xlib/apk/db/installed", false)]
    [InlineData("**/*dist-info/RECORD", "/usr/lib/python3/dist-packages/requests-2.28.1.dist-info/RECORD", true)]
    [InlineData("**/*dist-info/RECORD", "/usr/lib/python3/dist-packages/requests-2.28.1.dist-info/RECORDS", false)]
    // … and the regex shapes.
    [InlineData("**/usr/share/doc/*/copyright", "/usr/share/doc/bash/copyright", true)]
    [InlineData("**/usr/share/doc/*/copyright", "/usr/share/doc/bash/x/copyright", false)]
    [InlineData("**/specifications/**/*.gemspec", "/var/lib/gems/3.1.0/specifications/rack-2.2.gemspec", true)]
    [InlineData("/etc/*-release", "/etc/os-release", true)]
    [InlineData("/etc/*-release", "/usr/etc/os-release", false)]
    [InlineData("**/*requirements*.txt", "/app/dev-requirements-1.txt", true)]
    [InlineData("**/?.txt", "/app/a.txt", true)]
    [InlineData("**/?.txt", "/app/ab.txt", false)]
    public void Globs_match_whole_paths(string glob, string path, bool matches) =>
        Assert.Equal(matches, Glob.Compile(glob)(path));
}
