namespace Tollgate.Service.Store;

/// <summary>
/// Everything the service persists. Implementations must make <see cref="ClaimJob"/> hand a job to exactly one
/// worker, and give an expired lease (a worker that died) to the next claimant.
/// </summary>
public interface ITollgateStore : IDisposable
{
    /// <summary>Records an image as not_analyzed and queues its analysis job in one transaction.</summary>
    ImageRecord AddImage(string source, string? tag);

    ImageRecord? GetImage(string id);

    IReadOnlyList<ImageRecord> ListImages();

    bool DeleteImage(string id);

    /// <summary>The stored native-JSON analysis, null until analysed.</summary>
    string? GetAnalysisJson(string id);

    /// <summary>Claims the oldest queued job, or one whose lease expired; null when there is none.</summary>
    JobLease? ClaimJob(string workerId, TimeSpan lease);

    /// <summary>Stores the analysis and finishes the job, if <paramref name="job"/> still holds its lease.</summary>
    bool CompleteJob(JobLease job, string digest, string analysisJson);

    /// <summary>Marks the image analysis_failed with <paramref name="reason"/> and finishes the job.</summary>
    bool FailJob(JobLease job, string reason);

    int QueueDepth();

    void AddEvent(string type, string level, string message);

    IReadOnlyList<EventRecord> ListEvents(string? type = null);
}
