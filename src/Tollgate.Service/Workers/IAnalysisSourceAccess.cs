using Tollgate.Images;

namespace Tollgate.Service.Workers;

/// <summary>
/// What the analysis worker needs around a job's source beyond the pipeline itself: how to load it (stored registry
/// credentials) and what to clean up once its result is stored (a spooled upload).
/// </summary>
public interface IAnalysisSourceAccess
{
    ImageLoadOptions LoadOptionsFor(string source);

    /// <summary>Null when the worker may read <paramref name="source"/>; else why not (the analysis fails with it).</summary>
    string? Refusal(string source) => null;

    /// <summary>Called once the job's outcome (analysed or failed) is stored.</summary>
    void Finished(string source);
}
