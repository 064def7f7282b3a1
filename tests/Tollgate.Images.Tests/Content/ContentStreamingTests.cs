using System.Security.Cryptography;
using Tollgate.Images.Content;
using Tollgate.Images.Layers;
using Tollgate.Images.Model;
using Tollgate.Images.Writing;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Images.Tests.Content;

// Measures process-wide allocation, so nothing else may run meanwhile.
[CollectionDefinition(nameof(ContentStreamingTests), DisableParallelization = true)]
public sealed class ContentStreamingCollection;

[Collection(nameof(ContentStreamingTests))]
public sealed class ContentStreamingTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Large_kept_files_go_from_the_layer_to_the_spill_file_in_chunks_never_whole_in_memory()
    {
        // A 48 MiB "binary" (incompressible, so it really is 48 MiB in the layer) and a small config file, both kept.
        var big = RandomNumberGenerator.GetBytes(48 << 20);
        var layer = new LayerBuilder().File("./opt/app/server", big).File("./etc/app.conf", "port=8080\n").ToArray();
        var (source, _, _) = SyntheticImages.Layout(_dir, [layer], LayerCompression.None);
        var options = new ImageLoadOptions { ContentRequests = [new ContentRequest { Name = "all", PathMatches = _ => true, MaxBytes = 64 << 20 }] };
        LoadedImage? image = null;

        // The counter is process-wide, so stray work of earlier tests (a finishing proxy, finalizers) can add to one
        // reading; the least of three loads is an upper bound of what loading itself allocates, and a whole-file
        // copy would put every reading above 48 MiB.
        var allocated = long.MaxValue;
        ContentStore? store = null;
        for (var attempt = 0; attempt < 3 && allocated >= 8 << 20; attempt++)
        {
            image?.Dispose();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            image = await ImageLoader.LoadAsync(source, options);
            allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
            store = (ContentStore)image.Contents;
        }

        try
        {
            Assert.Equal(big.Length, store!.SpilledBytes);
            Assert.Equal("port=8080\n".Length, store.InMemoryBytes);
            Assert.True(allocated < 8 << 20, $"loading allocated {allocated / 1048576.0:F1} MiB for a 48 MiB kept file");

            using var stream = store.Open(store.Find("/opt/app/server")!);
            Assert.Equal(SHA256.HashData(big), SHA256.HashData(stream));
        }
        finally
        {
            image!.Dispose();
        }
    }

    [Fact]
    public async Task Streamed_files_from_parallel_layers_each_read_back_whole()
    {
        // Four layers read in parallel, each streaming two 3 MiB files into the one spill file at reserved offsets.
        var files = Enumerable.Range(0, 8).Select(_ => RandomNumberGenerator.GetBytes(3 << 20)).ToList();
        var layers = Enumerable.Range(0, 4)
            .Select(l => new LayerBuilder().File($"./l{l}/a", files[2 * l]).File($"./l{l}/b", files[(2 * l) + 1]).ToArray());
        var (source, _, _) = SyntheticImages.Layout(_dir, layers);
        var options = new ImageLoadOptions
        {
            ContentRequests = [new ContentRequest { Name = "all", PathMatches = _ => true }],
            Parallelism = 4,
        };

        using var image = await ImageLoader.LoadAsync(source, options);

        var store = (ContentStore)image.Contents;
        Assert.Equal(files.Sum(f => (long)f.Length), store.SpilledBytes);
        for (var l = 0; l < 4; l++)
        {
            foreach (var (name, expected) in new[] { ("a", files[2 * l]), ("b", files[(2 * l) + 1]) })
            {
                using var stream = store.Open(store.Find($"/l{l}/{name}")!);
                Assert.Equal(SHA256.HashData(expected), SHA256.HashData(stream));
            }
        }
    }
}
