using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Instrumentation;

/// <summary>
/// Exports the instruments of chosen <see cref="Meter"/>s (the runtime's <c>System.Runtime</c>, HttpClient,
/// your own) into a <see cref="MetricRegistry"/>, named by OpenTelemetry's Prometheus compatibility rules.
/// </summary>
/// <remarks>
/// <para>
/// Opt-in: nothing is listened to until <see cref="Start(MetricRegistry, Func{Meter, bool}, MeterBridgeOptions?)"/>.
/// Names: dots become underscores, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>,
/// <c>{collection}</c> dropped) and counters end in <c>_total</c>, so <c>dotnet.gc.collections</c> is exported as
/// <c>dotnet_gc_collections_total{gc_heap_generation="gen0"}</c>. Counter becomes a counter, UpDownCounter and
/// Gauge become gauges, Histogram a histogram with the instrument's advised bucket bounds, else
/// <see cref="MeterBridgeOptions.DefaultSecondsBounds"/> for seconds and <see cref="MeterBridgeOptions.DefaultBounds"/> otherwise.
/// Observable instruments are read at the start of every scrape.
/// </para>
/// <para>
/// An instrument whose name is already taken in the registry by a metric the bridge did not create is not
/// exported: at <c>Start</c> this throws <see cref="InvalidOperationException"/> naming both; for an instrument
/// published later it is listed in <see cref="SkippedInstruments"/> and counted in
/// <c>fastmetrics_dropped_total{reason="name_collision"}</c>, because throwing would break the library that
/// created it. Disposing stops listening; the families stay registered with their last values.
/// </para>
/// </remarks>
public sealed class MeterBridge : IDisposable
{
    private readonly Func<Meter, bool> _includeMeter;
    private readonly MeterBridgeOptions _options;
    private readonly MeterListener _listener;
    private readonly Action _observe;
    private readonly Lock _lock = new();

    // Separate from _lock: observing takes a binding's lock (first measurement) and that takes _lock, so one
    // lock order (observe, binding, bridge) holds everywhere.
    private readonly Lock _observeLock = new();
    private readonly Dictionary<string, InstrumentBinding> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<MetricFamily> _owned = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _skipped = [];
    private List<string>? _startErrors = [];
    private bool _disposed;

    private MeterBridge(MetricRegistry registry, Func<Meter, bool> includeMeter, MeterBridgeOptions options)
    {
        Registry = registry;
        _includeMeter = includeMeter;
        _options = options;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = static (_, _) => { },
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _observe = Observe;
    }

    /// <summary>Gets the registry the bridge exports into.</summary>
    public MetricRegistry Registry { get; }

    /// <summary>Gets a message for each instrument left out because its name was taken or its registration failed.</summary>
    /// <returns>A snapshot of the messages.</returns>
    public IReadOnlyList<string> SkippedInstruments
    {
        get
        {
            lock (_lock)
            {
                return [.. _skipped];
            }
        }
    }

    /// <summary>Starts exporting every instrument of the meters whose name passes <paramref name="includeMeterName"/>.</summary>
    /// <param name="registry">The registry to export into.</param>
    /// <param name="includeMeterName">The meter-name filter, e.g. <c>name =&gt; name == "System.Runtime"</c>.</param>
    /// <param name="options">Bucket and cardinality settings; null for the defaults.</param>
    /// <returns>The running bridge; dispose it to stop.</returns>
    /// <exception cref="InvalidOperationException">An existing instrument's Prometheus name is already registered.</exception>
    public static MeterBridge Start(MetricRegistry registry, Func<string, bool> includeMeterName, MeterBridgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(includeMeterName);
        return Start(registry, meter => includeMeterName(meter.Name), options);
    }

    /// <summary>Starts exporting every instrument of the meters that pass <paramref name="includeMeter"/>.</summary>
    /// <param name="registry">The registry to export into.</param>
    /// <param name="includeMeter">The meter filter.</param>
    /// <param name="options">Bucket and cardinality settings; null for the defaults.</param>
    /// <returns>The running bridge; dispose it to stop.</returns>
    /// <exception cref="InvalidOperationException">An existing instrument's Prometheus name is already registered.</exception>
    public static MeterBridge Start(MetricRegistry registry, Func<Meter, bool> includeMeter, MeterBridgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(includeMeter);
        options ??= new MeterBridgeOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CardinalityLimit);
        if (options.HistogramBounds is { } bounds)
        {
            Buckets.Validate("MeterBridgeOptions.HistogramBounds", bounds);
        }

        var bridge = new MeterBridge(registry, includeMeter, options);
        bridge._listener.Start();
        List<string> errors;
        lock (bridge._lock)
        {
            errors = bridge._startErrors!;
            bridge._startErrors = null;
        }

        if (errors.Count > 0)
        {
            bridge.Dispose();
            ThrowHelper.ThrowInvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        registry.AddBeforeScrapeCallback(bridge._observe);
        return bridge;
    }

    /// <summary>Stops listening; the exported families keep their last values.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Registry.RemoveBeforeScrapeCallback(_observe);
        _listener.Dispose();
    }

    internal MetricFamily CreateFamily(InstrumentBinding binding, string[] labelNames)
    {
        string help = string.IsNullOrEmpty(binding.Instrument.Description)
            ? $"{binding.Instrument.Name} from meter {binding.Instrument.Meter.Name}."
            : binding.Instrument.Description;
        MetricFamily family;
        lock (_lock)
        {
            if (FindForeign(binding.MetricName) is { } foreign)
            {
                ThrowHelper.ThrowInvalidOperationException(CollisionMessage(binding.Instrument, binding.MetricName, foreign));
            }

            family = binding.Kind switch
            {
                InstrumentKind.Counter or InstrumentKind.ObservableCounter =>
                    Registry.CreateCounterFamily(binding.MetricName, help, labelNames, _options.CardinalityLimit),
                InstrumentKind.Histogram =>
                    Registry.CreateHistogramFamily(binding.MetricName, help, labelNames, binding.Bounds!, _options.CardinalityLimit),
                _ => Registry.CreateGaugeFamily(binding.MetricName, help, labelNames, _options.CardinalityLimit),
            };
            _owned.Add(family);
        }

        return family;
    }

    internal void ReportSkipped(InstrumentBinding binding, string message)
    {
        lock (_lock)
        {
            _skipped.Add(message);
        }

        Registry.DroppedFamily.WithLabels(binding.MetricName, "registration_failed").Inc();
    }

    private static void OnMeasurement<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct
    {
        if (state is InstrumentBinding binding)
        {
            binding.Record(measurement, tags);
        }
    }

    private static InstrumentKind? KindOf(Instrument instrument)
    {
        Type type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        Type definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) ? InstrumentKind.Counter
            : definition == typeof(UpDownCounter<>) ? InstrumentKind.UpDownCounter
            : definition == typeof(Gauge<>) ? InstrumentKind.Gauge
            : definition == typeof(Histogram<>) ? InstrumentKind.Histogram
            : definition == typeof(ObservableCounter<>) ? InstrumentKind.ObservableCounter
            : definition == typeof(ObservableUpDownCounter<>) ? InstrumentKind.ObservableUpDownCounter
            : definition == typeof(ObservableGauge<>) ? InstrumentKind.ObservableGauge
            : null;
    }

    private static string CollisionMessage(Instrument instrument, string metricName, MetricFamily foreign) =>
        $"Instrument '{instrument.Name}' of meter '{instrument.Meter.Name}' maps to the Prometheus name '{metricName}', "
        + $"which is already registered as a {foreign.Type} the bridge did not create; two families must not share a name. "
        + "Rename one of them or leave the meter out of the bridge's filter.";

    private MetricFamily? FindForeign(string metricName)
    {
        foreach (MetricFamily family in Registry.GetFamilies())
        {
            if (family.Name == metricName && !_owned.Contains(family))
            {
                return family;
            }
        }

        return null;
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_includeMeter(instrument.Meter) || KindOf(instrument) is not { } kind)
        {
            return;
        }

        bool monotonic = kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter;
        string metricName = PrometheusNames.MetricName(instrument.Name, instrument.Unit, monotonic);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            string? error = null;
            if (FindForeign(metricName) is { } foreign)
            {
                error = CollisionMessage(instrument, metricName, foreign);
            }
            else if (_byName.TryGetValue(metricName, out InstrumentBinding? other))
            {
                error = $"Instrument '{instrument.Name}' of meter '{instrument.Meter.Name}' maps to the Prometheus name '{metricName}', "
                    + $"already used by instrument '{other.Instrument.Name}' of meter '{other.Instrument.Meter.Name}'; only the first is exported.";
            }

            if (error is not null)
            {
                _skipped.Add(error);
                _startErrors?.Add(error);
                Registry.DroppedFamily.WithLabels(metricName, "name_collision").Inc();
                return;
            }

            var binding = new InstrumentBinding(this, instrument, kind, metricName, kind == InstrumentKind.Histogram ? BoundsOf(instrument) : null);
            _byName.Add(metricName, binding);
            listener.EnableMeasurementEvents(instrument, binding);
        }
    }

    private double[] BoundsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => Convert(h.Advice?.HistogramBucketBoundaries),
            Histogram<long> h => Convert(h.Advice?.HistogramBucketBoundaries),
            Histogram<int> h => Convert(h.Advice?.HistogramBucketBoundaries),
            Histogram<short> h => Convert(h.Advice?.HistogramBucketBoundaries),
            Histogram<byte> h => Convert(h.Advice?.HistogramBucketBoundaries),
            Histogram<decimal> h => Convert(h.Advice?.HistogramBucketBoundaries),
            _ => null,
        };

        if (advised is { Count: > 0 })
        {
            return [.. advised];
        }

        return _options.HistogramBounds is { } configured ? configured
            : instrument.Unit == "s" ? MeterBridgeOptions.DefaultSecondsBounds.ToArray()
            : MeterBridgeOptions.DefaultBounds.ToArray();

        static double[]? Convert<T>(IReadOnlyList<T>? values)
            where T : struct
        {
            if (values is null)
            {
                return null;
            }

            var converted = new double[values.Count];
            for (int i = 0; i < converted.Length; i++)
            {
                converted[i] = System.Convert.ToDouble(values[i], System.Globalization.CultureInfo.InvariantCulture);
            }

            return converted;
        }
    }

    private void Observe()
    {
        // Serialised: two concurrent scrapes must not interleave the observable counters' increase tracking.
        lock (_observeLock)
        {
            if (!Volatile.Read(ref _disposed))
            {
                _listener.RecordObservableInstruments();
            }
        }
    }
}
