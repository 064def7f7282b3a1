using Tollgate.Images.Content;

namespace Tollgate.Analysis.Pipeline;

/// <summary>
/// One stage of the analysis after the layer pass (distro detection, catalogers, ownership, file facts, accounts,
/// image facts, secrets). Steps declare the contents they need up front, so the image is still read only once.
/// </summary>
public interface IAnalysisStep
{
    string Name { get; }

    IReadOnlyList<ContentRequest> Requests { get; }

    void Run(AnalysisBuilder analysis);
}
