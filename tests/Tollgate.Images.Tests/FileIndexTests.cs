using Tollgate.Images.FileTree;

namespace Tollgate.Images.Tests;

public class FileIndexTests
{
    private static FileEntry F(string path, int layer, FileEntryType type = FileEntryType.File, string? link = null) =>
        new() { Path = path, Type = type, Layer = layer, Mode = 0x1A4, LinkTarget = link };

    [Fact]
    public void Whiteouts_and_opaque_dirs_hide_lower_layers()
    {
        var lower = new LayerFiles
        {
            Index = 0,
            DiffId = "sha256:a",
            Entries = [F("/etc", 0, FileEntryType.Dir), F("/etc/passwd", 0), F("/etc/secret", 0), F("/opt", 0, FileEntryType.Dir), F("/opt/a", 0)],
        };
        var upper = new LayerFiles
        {
            Index = 1,
            DiffId = "sha256:b",
            Entries = [F("/opt", 1, FileEntryType.Dir), F("/opt/b", 1), F("/etc/passwd", 1)],
            Whiteouts = ["/etc/secret"],
            OpaqueDirs = ["/opt"],
        };

        var index = new FileIndex([lower, upper]);

        Assert.Equal(["/etc", "/etc/passwd", "/opt", "/opt/b"], index.SquashedSorted.Select(e => e.Path));
        Assert.Equal(1, index.Find("/etc/passwd")!.Layer);
        Assert.Equal(8, index.AllLayers.Count());
    }

    [Fact]
    public void Symlinks_resolve_inside_the_image_and_loops_give_null()
    {
        var layer = new LayerFiles
        {
            Index = 0,
            DiffId = "sha256:a",
            Entries =
            [
                F("/usr", 0, FileEntryType.Dir), F("/usr/lib", 0, FileEntryType.Dir), F("/usr/lib/os-release", 0),
                F("/lib", 0, FileEntryType.Symlink, "usr/lib"),
                F("/etc/os-release", 0, FileEntryType.Symlink, "../../../../lib/os-release"),
                F("/loop1", 0, FileEntryType.Symlink, "/loop2"), F("/loop2", 0, FileEntryType.Symlink, "loop1"),
            ],
        };
        var index = new FileIndex([layer]);

        Assert.Equal("/usr/lib/os-release", index.Resolve("/etc/os-release")!.Path);
        Assert.Equal("/usr/lib/os-release", index.Resolve("/lib/os-release")!.Path);
        Assert.Null(index.Resolve("/loop1"));
    }

    [Theory]
    [InlineData("./usr//bin/../lib/", "/usr/lib")]
    [InlineData("../../etc/passwd", "/etc/passwd")]
    [InlineData("/", "/")]
    public void Normalize_never_leaves_the_root(string input, string expected) =>
        Assert.Equal(expected, PathUtil.Normalize(input));
}
