using Tollgate.Analysis.Model;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Catalogers;

/// <summary>What a cataloger sees: the file index, the kept contents, the image metadata, the distro.</summary>
public sealed class CatalogContext
{
    private readonly List<string> _warnings = [];

    public CatalogContext(LoadedImage image, Distro? distro)
    {
        Image = image;
        Distro = distro;
    }

    public LoadedImage Image { get; }
    public FileIndex Files => Image.Files;
    public IContentStore Contents => Image.Contents;
    public ImageMetadata Metadata => Image.Metadata;
    public Distro? Distro { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Records a non-fatal problem; the text must name the file and the problem.</summary>
    public void Warn(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }
    }

    public Location LocationOf(CollectedFile file) =>
        new(file.Path, file.Layer) { LayerDiffId = Files.Layers.ElementAtOrDefault(file.Layer)?.DiffId };
}
