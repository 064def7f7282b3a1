using Tollgate.Analysis.Catalogers;

namespace Tollgate.Analysis.Pipeline;

/// <summary>The analysis steps in the order they run. Add a step here and nowhere else.</summary>
public static class AnalysisPipeline
{
    public static IReadOnlyList<IAnalysisStep> Steps { get; } =
    [
        new Distros.DistroStep(),
        new CatalogersStep(CatalogerRegistry.All),
        new Ownership.OwnershipStep(),
        new Files.FileFactsStep(),
        new Accounts.AccountsStep(),
        new Facts.ImageFactsStep(),
        new Secrets.SecretsStep(),
    ];
}
