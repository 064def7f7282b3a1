using System.Globalization;
using Tollgate.Images.Layers;
using Tollgate.Images.References;
using Tollgate.Images.Sources;

namespace Tollgate.Images.Model;

/// <summary>Image facts from the resolved manifest, the config JSON and what the layer pass measured.</summary>
public static class MetadataBuilder
{
    public static ImageMetadata Build(SourceReference reference, ResolvedImage image, OciImageConfig? config, IReadOnlyList<LayerPipeline.Result> layers)
    {
        var runtime = config?.Config;
        return new ImageMetadata
        {
            Source = reference.Original,
            SourceKind = reference.Kind.Prefix(),
            ManifestDigest = image.ManifestDigest,
            IndexDigest = image.IndexDigest,
            ConfigDigest = image.ConfigDigest,
            ManifestMediaType = image.ManifestMediaType,
            Tags = image.Tags,
            RepoDigests = image.RepoDigests,
            Os = config?.Os ?? image.IndexPlatform?.Os ?? "linux",
            Architecture = config?.Architecture ?? image.IndexPlatform?.Architecture ?? "",
            Variant = config?.Variant ?? image.IndexPlatform?.Variant,
            Created = ParseTime(config?.Created),
            Config = runtime is null ? new ImageConfig() : ConfigOf(runtime),
            History = HistoryOf(config?.History),
            Layers = layers.Select((l, i) => new LayerDescriptor
            {
                Index = i,
                Digest = image.Layers[i].Digest.Length > 0 ? image.Layers[i].Digest : l.DiffId,
                DiffId = l.DiffId,
                MediaType = image.Layers[i].MediaType,
                Size = image.Layers[i].Size >= 0 ? image.Layers[i].Size : l.StoredBytes,
                UncompressedContentSize = l.Files.Entries.Where(e => e.Type == FileTree.FileEntryType.File).Sum(e => e.Size),
                EntryCount = l.Files.Entries.Count,
            }).ToList(),
            Annotations = image.Annotations,
        };
    }

    private static ImageConfig ConfigOf(OciRuntimeConfig c) => new()
    {
        User = c.User,
        Env = c.Env ?? [],
        ExposedPorts = c.ExposedPorts?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
        Entrypoint = c.Entrypoint,
        Cmd = c.Cmd,
        Labels = c.Labels ?? [],
        Healthcheck = c.Healthcheck is { } h
            ? new Healthcheck { Test = h.Test ?? [], IntervalNs = h.Interval, TimeoutNs = h.Timeout, StartPeriodNs = h.StartPeriod, Retries = h.Retries }
            : null,
        Volumes = c.Volumes?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
        WorkingDir = string.IsNullOrEmpty(c.WorkingDir) ? null : c.WorkingDir,
        StopSignal = c.StopSignal,
        Shell = c.Shell,
        OnBuild = c.OnBuild,
    };

    // Non-empty history entries map to layers in order; empty ones (ENV, USER, …) keep no layer.
    private static List<HistoryEntry> HistoryOf(List<OciHistory>? history)
    {
        var result = new List<HistoryEntry>();
        var layer = 0;
        foreach (var h in history ?? [])
        {
            var empty = h.EmptyLayer == true;
            result.Add(new HistoryEntry
            {
                Created = ParseTime(h.Created),
                CreatedBy = h.CreatedBy,
                Comment = h.Comment,
                Author = h.Author,
                EmptyLayer = empty,
                LayerIndex = empty ? null : layer++,
            });
        }

        return result;
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
