using Tollgate.TestSupport;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>
/// Feed directories for the Alpine 3.20.3 test image, made from a copy of the real Alpine secdb (v3.11 main.yaml from
/// the corpus, relabelled v3.20 so its records apply to the image's release: every fix in it predates the image's
/// packages, so it matches nothing). <see cref="WithBusyboxFix"/> edits the copy to add one CVE fixed in a busybox
/// release newer than the image's 1.36.1-r29: the image's busybox packages become affected.
/// </summary>
public static class AlpineFeeds
{
    public const string AddedCve = "CVE-2024-58251";

    public static string Baseline(string dir) => Write(dir, "baseline", text => text);

    /// <summary>The baseline plus <see cref="AddedCve"/> on busybox, fixed in <paramref name="fixedVersion"/>.</summary>
    public static string WithBusyboxFix(string dir, string fixedVersion) => Write(dir, "busybox-" + fixedVersion, text =>
    {
        const string anchor = "      name: busybox\n      secfixes:\n";
        Assert.Contains(anchor, text);
        return text.Replace(anchor, $"{anchor}        {fixedVersion}:\n          - {AddedCve}\n", StringComparison.Ordinal);
    });

    private static string Write(string dir, string name, Func<string, string> edit)
    {
        var original = File.ReadAllText(TestPaths.Corpus("vulns", "alpine-secdb", "v3.11", "main.yaml"));
        Assert.Contains("distroversion: v3.11", original);
        var feedDir = Path.Combine(dir, "feed-" + name);
        Directory.CreateDirectory(feedDir);
        File.WriteAllText(Path.Combine(feedDir, "main.yaml"), edit(original.Replace("distroversion: v3.11", "distroversion: v3.20", StringComparison.Ordinal)));
        return feedDir;
    }
}
