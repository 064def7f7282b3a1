using Tollgate.Analysis.Model;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Facts;

/// <summary>Layers with their size and the history entry that made each (non-empty history entries, in order).</summary>
public static class LayerHistory
{
    public static IReadOnlyList<LayerFact> Layers(ImageMetadata metadata)
    {
        var nonEmpty = metadata.History.Where(h => !h.EmptyLayer).ToList();
        return metadata.Layers.Select((layer, i) =>
        {
            var entry = metadata.History.FirstOrDefault(h => h.LayerIndex == layer.Index) ?? nonEmpty.ElementAtOrDefault(i);
            return new LayerFact(layer.Index, layer.DiffId, layer.Size, entry?.CreatedBy);
        }).ToList();
    }
}
