using Tollgate.Analysis.Catalogers;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Pipeline;

/// <summary>Runs every registered cataloger over the kept contents and collects packages and relationships.</summary>
public sealed class CatalogersStep(IReadOnlyList<ICataloger> catalogers) : IAnalysisStep
{
    public string Name => "catalogers";

    public IReadOnlyList<ContentRequest> Requests { get; } = catalogers.SelectMany(c => c.Requests).ToList();

    public void Run(AnalysisBuilder analysis)
    {
        foreach (var cataloger in catalogers)
        {
            CatalogResult result;
            try
            {
                result = cataloger.Catalog(analysis.Context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken parser must not sink the whole inventory; the warning says which and why.
                analysis.Warnings.Add($"cataloger {cataloger.Name} failed: {e.Message}");
                continue;
            }

            analysis.Packages.AddRange(result.Packages);
            analysis.Relationships.AddRange(result.Relationships);
        }
    }
}
