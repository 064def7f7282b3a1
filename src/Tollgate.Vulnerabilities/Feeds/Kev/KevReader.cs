namespace Tollgate.Vulnerabilities.Feeds.Kev;

/// <summary>CISA's Known Exploited Vulnerabilities catalog (JSON).</summary>
public sealed class KevReader : IFeedReader
{
    public string Format => "cisa-kev";

    public bool Detect(FeedFile file) =>
        file.Head.Contains("\"catalogVersion\"", StringComparison.Ordinal) || (file.Head.Contains("\"cveID\"", StringComparison.Ordinal) && file.Head.Contains("\"vendorProject\"", StringComparison.Ordinal));

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        var doc = FeedJson.Parse(file);
        var entries = doc["vulnerabilities"] is System.Text.Json.Nodes.JsonArray ? doc.Arr("vulnerabilities").ToList() : [doc];
        var count = 0;
        foreach (var e in entries)
        {
            var cve = e.Str("cveID");
            if (cve is null)
            {
                report.Skip(file.Name, "KEV entry without cveID");
                continue;
            }

            sink.AddKev(new KevEntry(cve, e.Str("dateAdded"), e.Str("dueDate"), e.Str("knownRansomwareCampaignUse"), e.Str("vulnerabilityName")));
            count++;
        }

        return count;
    }
}
