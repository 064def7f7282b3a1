namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>Where importers put what they read (the DB writer, or a list in tests).</summary>
public interface IFeedSink
{
    void Add(Advisory advisory);

    void AddKev(KevEntry entry);

    void AddEpss(EpssScore score);
}

/// <summary>Keeps everything in memory: for tests and small inputs.</summary>
public sealed class ListSink : IFeedSink
{
    public List<Advisory> Advisories { get; } = [];
    public List<KevEntry> Kev { get; } = [];
    public List<EpssScore> Epss { get; } = [];

    public void Add(Advisory advisory) => Advisories.Add(advisory);

    public void AddKev(KevEntry entry) => Kev.Add(entry);

    public void AddEpss(EpssScore score) => Epss.Add(score);
}
