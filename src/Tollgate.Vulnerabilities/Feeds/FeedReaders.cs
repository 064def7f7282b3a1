namespace Tollgate.Vulnerabilities.Feeds;

/// <summary>Every supported upstream format, in detection order (most specific first). Add a reader here.</summary>
public static class FeedReaders
{
    public static IReadOnlyList<IFeedReader> All { get; } =
    [
        new Kev.KevReader(),
        new Epss.EpssReader(),
        new NodeJs.SecurityWgReader(),
        new RetireJs.RetireRepositoryReader(),
        new Alpine.SecdbReader(),
        new Debian.AdvisoryListReader(),
        new Debian.TrackerJsonReader(),
        new Nvd.NvdReader(),
        new RedHat.SecurityDataReader(),
        new Csaf.RedHatCsafReader(),
        new Osv.OsvReader(),
    ];

    public static IFeedReader? Detect(FeedFile file) => All.FirstOrDefault(r => r.Detect(file));
}
