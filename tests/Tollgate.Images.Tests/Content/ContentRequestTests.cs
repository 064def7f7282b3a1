using Tollgate.Images.Content;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Images.Tests.Content;

public sealed class ContentRequestTests : IDisposable
{
    private static readonly byte[] ElfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Read(LoadedImageContents contents, Tollgate.Images.Content.CollectedFile file)
    {
        using var stream = contents.Store.Open(file);
        return new StreamReader(stream).ReadToEnd();
    }

    private sealed record LoadedImageContents(IContentStore Store);

    [Fact]
    public async Task Path_globs_and_sniffs_keep_only_what_was_asked()
    {
        var (source, _, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()]);
        var options = new ImageLoadOptions
        {
            ContentRequests =
            [
                new ContentRequest { Name = "passwd", PathMatches = ContentRequest.Globs("/etc/passwd") },
                new ContentRequest { Name = "elf", Sniff = h => h.StartsWith(ElfMagic), SniffBytes = 4, MinBytes = 4 },
            ],
        };

        using var image = await ImageLoader.LoadAsync(source, options);

        var passwd = Assert.Single(image.Contents.For("passwd"));
        Assert.Equal("root:x:0:0:root:/root:/bin/sh\n", Read(new(image.Contents), passwd));
        Assert.Equal("/bin/tool", Assert.Single(image.Contents.For("elf")).Path);
        Assert.Equal(2, image.Contents.Files.Count);
        Assert.Same(passwd, image.Contents.Find("/etc/passwd"));
    }

    [Fact]
    public async Task Files_over_the_bound_give_a_warning_not_content()
    {
        var (source, _, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer()]);
        var options = new ImageLoadOptions
        {
            ContentRequests = [new ContentRequest { Name = "small", PathMatches = ContentRequest.Globs("/etc/*"), MaxBytes = 10 }],
        };

        using var image = await ImageLoader.LoadAsync(source, options);

        Assert.Equal(["/etc/motd"], image.Contents.For("small").Select(f => f.Path));
        Assert.Contains(image.Warnings, w => w.StartsWith("/etc/passwd (layer 0): 30 bytes is over small's bound of 10 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Squashed_requests_drop_hidden_copies_and_all_layer_requests_keep_them_marked()
    {
        var upper = new LayerBuilder().Dir("./etc").File("./etc/motd", "changed\n").Whiteout("./opt/a").ToArray();
        var (source, _, _) = SyntheticImages.Layout(_dir, [SyntheticImages.BaseLayer(), upper]);
        var options = new ImageLoadOptions
        {
            ContentRequests =
            [
                new ContentRequest { Name = "squashed", PathMatches = ContentRequest.Globs("/etc/motd", "/opt/a") },
                new ContentRequest { Name = "secrets", PathMatches = ContentRequest.Globs("/etc/motd", "/opt/a"), AllLayers = true },
            ],
        };

        using var image = await ImageLoader.LoadAsync(source, options);

        var squashed = Assert.Single(image.Contents.For("squashed"));
        Assert.Equal((1, "changed\n"), (squashed.Layer, Read(new(image.Contents), squashed)));
        var all = image.Contents.For("secrets").ToList();
        Assert.Equal(3, all.Count);
        Assert.False(all[0].Shadowed);
        Assert.All(all.Skip(1), f => Assert.True(f.Shadowed));
        Assert.Contains(all, f => f is { Path: "/opt/a", Layer: 0 });
    }

    [Fact]
    public async Task Content_over_the_memory_budget_spills_to_a_temp_file_deleted_on_dispose()
    {
        var layer = new LayerBuilder().File("./a", new string('a', 5000)).File("./b", new string('b', 5000)).ToArray();
        var (source, _, _) = SyntheticImages.Layout(_dir, [layer]);
        var options = new ImageLoadOptions
        {
            ContentRequests = [new ContentRequest { Name = "all", PathMatches = _ => true }],
            Limits = new ReadLimits { MaxInMemoryContentBytes = 6000 },
        };

        var image = await ImageLoader.LoadAsync(source, options);
        var store = (ContentStore)image.Contents;
        Assert.Equal(5000, store.InMemoryBytes);
        Assert.Equal(5000, store.SpilledBytes);
        Assert.Equal(new string('b', 5000), Read(new(store), store.Find("/b")!));
        Assert.Equal(new string('a', 5000), Read(new(store), store.Find("/a")!));
        var spill = store.SpillPath!;
        Assert.True(File.Exists(spill));

        image.Dispose();

        Assert.False(File.Exists(spill));
    }
}
