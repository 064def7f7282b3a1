using System.Globalization;
using System.Text;

namespace Tollgate.Service.Operations;

/// <summary>
/// Prometheus text exposition format 0.0.4: names from OpenTelemetry instrument names the way Prometheus'
/// OpenTelemetry conventions map them (dots to underscores, unit suffix, _total for counters), escaped labels,
/// cumulative histogram buckets with +Inf, _sum and _count.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["By"] = "bytes",
        ["1"] = string.Empty,
    };

    public static void Write(IEnumerable<MetricFamily> families, TextWriter output)
    {
        foreach (var family in families)
        {
            output.Write($"# HELP {family.Name} {EscapeHelp(family.Help)}\n# TYPE {family.Name} {family.Type}\n");
            foreach (var (labels, value, count, buckets) in family.Snapshot())
            {
                if (family.Buckets is null)
                {
                    output.Write($"{family.Name}{Braces(labels)} {Number(value)}\n");
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i < family.Buckets.Length; i++)
                {
                    cumulative += buckets[i];
                    output.Write($"{family.Name}_bucket{Braces(Join(labels, $"le=\"{Number(family.Buckets[i])}\""))} {cumulative}\n");
                }

                output.Write($"{family.Name}_bucket{Braces(Join(labels, "le=\"+Inf\""))} {count}\n");
                output.Write($"{family.Name}_sum{Braces(labels)} {Number(value)}\n");
                output.Write($"{family.Name}_count{Braces(labels)} {count}\n");
            }
        }
    }

    /// <summary>"http.server.request.duration" in seconds → http_server_request_duration_seconds.</summary>
    public static string MetricName(string instrument, string? unit, bool counter)
    {
        var name = Sanitize(instrument);
        var suffix = unit is null ? string.Empty
            : UnitSuffixes.TryGetValue(unit, out var known) ? known
            : unit.StartsWith('{') ? string.Empty // {request}: an annotation, not a unit
            : Sanitize(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>Tags as a sorted, escaped label list (without braces); also the key of a series.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Key, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add((Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join(',', pairs.Select(p => $"{p.Key}=\"{EscapeLabel(p.Value)}\""));
    }

    /// <summary>Metric and label names allow [a-zA-Z0-9_:] and must not start with a digit.</summary>
    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }

    private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
