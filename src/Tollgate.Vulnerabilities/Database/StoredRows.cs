using Tollgate.Vulnerabilities.Feeds;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>
/// One stored affected entry as the matcher reads it. The intervals are parsed (and shared between rows with the
/// same text); the exact-version list, often hundreds of versions, is parsed on first use: it is only needed
/// when no interval matched.
/// </summary>
public sealed class AffectedRow(string source, string id, IReadOnlyList<VersionInterval> ranges, string? versionsJson, string? fixState, string? severity)
{
    private List<string>? _versions;

    public string Source => source;

    public string Id => id;

    public IReadOnlyList<VersionInterval> Ranges => ranges;

    public bool HasVersions => versionsJson is not null and not "[]";

    public IReadOnlyList<string> Versions => _versions ??= StoredJson.Strings(versionsJson);

    public string? FixState => fixState;

    public string? Severity => severity;
}

/// <summary>
/// What a match row shows of one record. Links and the publication time are parsed on first use: a row shows the
/// links of its first records only.
/// </summary>
public sealed class RecordSummary(string source, string? summary, string? severity, string? severitySource, double? cvssScore, string? cvssVector, string? published, string? urlsJson)
{
    private List<string>? _urls;
    private DateTimeOffset? _published;
    private bool _publishedRead;

    public string Source => source;

    public string? Summary => summary;

    public string? Severity => severity;

    public string? SeveritySource => severitySource;

    public double? CvssScore => cvssScore;

    public string? CvssVector => cvssVector;

    public DateTimeOffset? Published
    {
        get
        {
            if (!_publishedRead)
            {
                (_published, _publishedRead) = (VulnDb.Time(published), true);
            }

            return _published;
        }
    }

    public IReadOnlyList<string> Urls => _urls ??= StoredJson.Strings(urlsJson);
}
