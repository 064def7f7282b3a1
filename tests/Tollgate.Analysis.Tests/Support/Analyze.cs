using Tollgate.Analysis.Model;
using Tollgate.Images.Model;

using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>Runs the real analysis pipeline over a test image built from fixture folders or tarballs.</summary>
public static class Analyze
{
    public static ImageAnalysis Layers(params TestLayer[] layers) => Layers(new AnalyzeOptions(), null, layers);

    public static ImageAnalysis Layers(AnalyzeOptions options, ImageMetadata? metadata, params TestLayer[] layers)
    {
        using var image = TestImage.Load(Pipeline.AnalysisPipeline.Steps.SelectMany(s => s.Requests).ToList(), metadata, layers);
        return ImageAnalyzer.Analyze(image, options);
    }

    public static string Syft(params string[] parts) => TestPaths.Corpus(["syft", .. parts]);
}
