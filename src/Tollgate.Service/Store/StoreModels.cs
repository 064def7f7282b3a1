namespace Tollgate.Service.Store;

/// <summary>Analysis states of an image, as Anchore names them.</summary>
public static class ImageStatus
{
    public const string NotAnalyzed = "not_analyzed";
    public const string Analyzing = "analyzing";
    public const string Analyzed = "analyzed";
    public const string Failed = "analysis_failed";
}

/// <summary>An image row: the source it was submitted as and, once analysed, its digest.</summary>
public sealed record ImageRecord(
    string Id,
    string Source,
    string? Digest,
    string? Tag,
    string Status,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnalyzedAt);

/// <summary>An entry of the events log.</summary>
public sealed record EventRecord(long Id, string Type, string Level, string Message, string? Subject, DateTimeOffset At);
