using System.Diagnostics.Metrics;

namespace Tollgate.Service.Operations;

/// <summary>One instrument's series (one per distinct label set) in Prometheus terms.</summary>
public sealed class MetricFamily
{
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public MetricFamily(Instrument instrument, double[]? buckets)
    {
        var kind = instrument.GetType().Name;
        Type = buckets is not null ? "histogram"
            : kind.StartsWith("Counter", StringComparison.Ordinal) || kind.StartsWith("ObservableCounter", StringComparison.Ordinal) ? "counter"
            : "gauge";
        Name = PrometheusText.MetricName(instrument.Name, instrument.Unit, Type == "counter");
        Help = instrument.Description ?? instrument.Name;
        Buckets = buckets;

        // Observable instruments report the current value (or running total) on every poll; sync gauges too.
        Replaces = instrument.IsObservable || kind.StartsWith("Gauge", StringComparison.Ordinal);
    }

    public string Name { get; }

    public string Help { get; }

    /// <summary>counter, gauge or histogram (the exposition format's TYPE).</summary>
    public string Type { get; }

    /// <summary>Upper bounds of the histogram buckets; null for counters and gauges.</summary>
    public double[]? Buckets { get; }

    private bool Replaces { get; }

    public bool HasSeries
    {
        get
        {
            lock (_lock)
            {
                return _series.Count > 0;
            }
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = PrometheusText.Labels(tags);
        lock (_lock)
        {
            if (!_series.TryGetValue(labels, out var s))
            {
                s = new Series(Buckets is null ? [] : new long[Buckets.Length]);
                _series[labels] = s;
            }

            if (Buckets is not null)
            {
                var i = Array.FindIndex(Buckets, b => value <= b);
                if (i >= 0)
                {
                    s.BucketCounts[i]++;
                }

                s.Count++;
                s.Value += value;
            }
            else
            {
                s.Value = Replaces ? value : s.Value + value;
            }
        }
    }

    /// <summary>A consistent copy of every series, sorted by labels.</summary>
    public IReadOnlyList<(string Labels, double Value, long Count, long[] BucketCounts)> Snapshot()
    {
        lock (_lock)
        {
            return _series.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => (s.Key, s.Value.Value, s.Value.Count, s.Value.BucketCounts.ToArray())).ToList();
        }
    }

    private sealed class Series(long[] bucketCounts)
    {
        public double Value { get; set; }

        public long Count { get; set; }

        /// <summary>Per-bucket (not cumulative) counts; the writer accumulates them.</summary>
        public long[] BucketCounts { get; } = bucketCounts;
    }
}
