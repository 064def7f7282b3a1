using Tollgate.Analysis.Model;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images;
using Tollgate.Images.Model;

namespace Tollgate.Analysis;

/// <summary>Source reference in, <see cref="ImageAnalysis"/> out: one pass over the layers, then every analysis step.</summary>
public static class ImageAnalyzer
{
    public static async Task<ImageAnalysis> AnalyzeAsync(string source, AnalyzeOptions options, CancellationToken cancellationToken = default)
    {
        var steps = AnalysisPipeline.Steps;
        var load = options.Load with
        {
            ContentRequests = [.. options.Load.ContentRequests, .. steps.SelectMany(s => s.Requests)],
            FileSha256 = options.Load.FileSha256 || options.FileDigests,
        };
        using var image = await ImageLoader.LoadAsync(source, load, cancellationToken);
        return Analyze(image, options, steps);
    }

    /// <summary>Runs the steps over an image already loaded with their content requests.</summary>
    public static ImageAnalysis Analyze(LoadedImage image, AnalyzeOptions options, IReadOnlyList<IAnalysisStep>? steps = null)
    {
        var builder = new AnalysisBuilder(image, options);
        foreach (var step in steps ?? AnalysisPipeline.Steps)
        {
            step.Run(builder);
        }

        return builder.Build();
    }
}
