namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>One upstream format. Detection looks at the name and the first bytes, never at the whole file.</summary>
public interface IFeedReader
{
    /// <summary>Format name shown in reports ("osv", "alpine-secdb", "debian-tracker-json", …).</summary>
    string Format { get; }

    bool Detect(FeedFile file);

    /// <summary>Reads every record; bad records are skipped into the report. Returns the number of records read.</summary>
    int Read(FeedFile file, IFeedSink sink, ImportReport report);
}
