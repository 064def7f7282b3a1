using System.Globalization;

namespace Tollgate.Vulnerabilities.Feeds.Epss;

/// <summary>FIRST EPSS CSV: optional "#model_version:…,score_date:…" line, then "cve,epss,percentile" rows.</summary>
public sealed class EpssReader : IFeedReader
{
    public string Format => "first-epss";

    public bool Detect(FeedFile file) =>
        file.Head.StartsWith("#model_version", StringComparison.Ordinal) || file.Head.StartsWith("cve,epss", StringComparison.Ordinal);

    public int Read(FeedFile file, IFeedSink sink, ImportReport report)
    {
        using var reader = new StreamReader(file.Open());
        string? date = null;
        var header = false;
        var count = 0;
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.StartsWith('#'))
            {
                var at = line.IndexOf("score_date:", StringComparison.Ordinal);
                date = at >= 0 ? line[(at + 11)..].Split(',')[0].Trim() : date;
                continue;
            }

            if (!header)
            {
                if (!line.StartsWith("cve,epss,percentile", StringComparison.Ordinal))
                {
                    throw new FeedFormatException($"line {lineNo}: expected header \"cve,epss,percentile\", found \"{line}\"");
                }

                header = true;
                continue;
            }

            var f = line.Split(',');
            if (f.Length < 3 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct))
            {
                report.Skip($"{file.Name}:{lineNo}", "not a \"cve,epss,percentile\" row");
                continue;
            }

            sink.AddEpss(new EpssScore(f[0], score, pct, date));
            count++;
        }

        return count;
    }
}
