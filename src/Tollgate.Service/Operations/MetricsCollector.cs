using System.Diagnostics.Metrics;

namespace Tollgate.Service.Operations;

/// <summary>
/// Listens to System.Diagnostics.Metrics instruments and keeps their running totals for /metrics: counters are
/// summed, histograms bucketed, gauges and observable instruments keep their last value. Which meters are read is
/// decided by <paramref name="select"/>; nothing is recorded for the rest (a listener costs nothing for them).
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    /// <summary>Seconds; OpenTelemetry's default boundaries, used when an instrument gives no advice of its own.</summary>
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, MetricFamily> _families = [];
    private readonly Lock _familiesLock = new();

    public MetricsCollector(Func<Meter, bool> select)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!select(instrument.Meter))
            {
                return;
            }

            lock (_familiesLock)
            {
                _families[instrument] = new MetricFamily(instrument, BucketsOf(instrument));
            }

            listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_familiesLock)
            {
                _families.Remove(instrument);
            }
        };
        Listen<byte>();
        Listen<short>();
        Listen<int>();
        Listen<long>();
        Listen<float>();
        Listen<double>();
        Listen<decimal>();
        _listener.Start();
    }

    /// <summary>Polls the observable instruments, then returns every family with at least one series.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        _listener.RecordObservableInstruments();
        lock (_familiesLock)
        {
            return _families.Values.Where(f => f.HasSeries).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Listen<T>()
        where T : struct =>
        _listener.SetMeasurementEventCallback<T>((instrument, value, tags, _) =>
        {
            MetricFamily? family;
            lock (_familiesLock)
            {
                _families.TryGetValue(instrument, out family);
            }

            family?.Record(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags);
        });

    private static double[]? BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets,
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets,
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets,
        _ when instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal) => DefaultBuckets,
        _ => null,
    };
}
