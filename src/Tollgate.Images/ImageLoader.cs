using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Layers;
using Tollgate.Images.Model;
using Tollgate.Images.References;
using Tollgate.Images.Sources;

namespace Tollgate.Images;

/// <summary>The one entry point from a source reference to a <see cref="LoadedImage"/>.</summary>
public static class ImageLoader
{
    /// <summary>
    /// Opens <paramref name="source"/> (oci-dir:, oci-archive:, docker-archive:, dir:, registry: or a bare registry
    /// reference; a path without prefix is detected), reads every layer once and returns metadata, FileIndex and the
    /// contents the options' requests asked for. Throws <see cref="ImageException"/> naming the source and the problem.
    /// </summary>
    public static async Task<LoadedImage> LoadAsync(string source, ImageLoadOptions options, CancellationToken cancellationToken = default)
    {
        var reference = SourceReference.Parse(source);
        await using var imageSource = SourceFactory.Open(reference, options);
        var image = await imageSource.ResolveAsync(cancellationToken);
        var config = image.ConfigJson is null
            ? null
            : OciJson.Parse(image.ConfigJson, OciJsonContext.Default.OciImageConfig, source, $"config {image.ConfigDigest}");
        var diffIds = DiffIdsOf(source, image, config);

        var store = new ContentStore(options.ContentRequests, options.Limits.MaxInMemoryContentBytes);
        try
        {
            var collector = new ContentCollector(options.ContentRequests, store);
            var pipeline = new LayerPipeline(source, options.Limits, collector, new ByteBudget(options.Limits.MaxImageBytes), options.FileSha256);
            var results = new LayerPipeline.Result[image.Layers.Count];
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(1, options.Parallelism ?? Environment.ProcessorCount),
                CancellationToken = cancellationToken,
            };
            await Parallel.ForEachAsync(Enumerable.Range(0, image.Layers.Count), parallel, async (i, token) =>
            {
                await using var raw = await imageSource.OpenLayerAsync(i, token);
                results[i] = pipeline.Read(raw, i, image.Layers[i], diffIds?[i]);
            });

            var files = new FileIndex(results.Select(r => r.Files).ToList());
            store.ApplySquash(files);
            return new LoadedImage
            {
                Metadata = MetadataBuilder.Build(reference, image, config, results),
                Files = files,
                Contents = store,
                Warnings = collector.Warnings.ToList(),
            };
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static IReadOnlyList<string>? DiffIdsOf(string source, ResolvedImage image, OciImageConfig? config)
    {
        if (config is null)
        {
            return null;
        }

        var diffIds = config.Rootfs?.DiffIds ?? [];
        if (diffIds.Count != image.Layers.Count)
        {
            throw new ImageException(source, $"config {image.ConfigDigest} lists {diffIds.Count} diff-ids but the manifest has {image.Layers.Count} layers");
        }

        foreach (var d in diffIds)
        {
            Digests.RequireValid(d, source, $"config {image.ConfigDigest} diff-id");
        }

        return diffIds;
    }
}
