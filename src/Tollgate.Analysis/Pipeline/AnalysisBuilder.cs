using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Model;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Pipeline;

/// <summary>The analysis while the steps fill it in; <see cref="Build"/> freezes it into an <see cref="ImageAnalysis"/>.</summary>
public sealed class AnalysisBuilder
{
    private CatalogContext? _context;

    public AnalysisBuilder(LoadedImage image, AnalyzeOptions options)
    {
        Image = image;
        Options = options;
        Warnings.AddRange(image.Warnings);
    }

    public LoadedImage Image { get; }
    public AnalyzeOptions Options { get; }
    public Distro? Distro { get; set; }
    public List<Package> Packages { get; } = [];
    public List<Relationship> Relationships { get; } = [];
    public List<FileFact> Files { get; } = [];
    public List<SecretFinding> Secrets { get; } = [];
    public AccountFacts? Accounts { get; set; }
    public ImageFacts? Facts { get; set; }
    public List<string> Warnings { get; } = [];

    /// <summary>The cataloger view of the image; created on first use, so the distro step must run before catalogers.</summary>
    public CatalogContext Context => _context ??= new CatalogContext(Image, Distro);

    public ImageAnalysis Build() => new()
    {
        Image = Image.Metadata,
        Distro = Distro,
        Packages = Packages.OrderBy(p => p.Type, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Version, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList(),
        Relationships = Relationships.Distinct().ToList(),
        Files = Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
        Secrets = Secrets,
        Accounts = Accounts,
        Facts = Facts,
        Warnings = Warnings.Concat(_context?.Warnings ?? []).Distinct().ToList(),
        AnalyzedAt = Options.Clock.GetUtcNow(),
    };
}
