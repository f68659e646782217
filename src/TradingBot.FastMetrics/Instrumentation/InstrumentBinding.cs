using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Instrumentation;

/// <summary>One bridged instrument: its Prometheus family, the tag keys behind its labels, and the record path.</summary>
/// <remarks>
/// The family is created on the first measurement, because only then are the tag keys known; its label names
/// are those keys, sanitised, in ordinal order. Later measurements map tags to labels by key: a missing key is
/// exported as an empty value (which Prometheus treats as absent), an extra key is left out and counted in
/// <c>fastmetrics_dropped_total{reason="unexpected_tag"}</c>. With up to three labels whose values are
/// strings, recording into an existing series allocates nothing.
/// </remarks>
internal sealed class InstrumentBinding
{
    private const int MaxStackLabels = 3;

    [ThreadStatic]
    private static string[]? t_scratch;

    private readonly MeterBridge _bridge;
    private readonly Lock _lock = new();
    private string[] _tagKeys = [];
    private MetricFamily? _family;
    private MetricSeries? _unlabeled;
    private Counter? _unexpectedTags;
    private bool _failed;

    // Observable counters report running totals; the counter gets the increase since the last scrape.
    private Dictionary<MetricSeries, double>? _observedTotals;

    public InstrumentBinding(MeterBridge bridge, Instrument instrument, InstrumentKind kind, string metricName, double[]? bounds)
    {
        _bridge = bridge;
        Instrument = instrument;
        Kind = kind;
        MetricName = metricName;
        Bounds = bounds;
    }

    public Instrument Instrument { get; }

    public InstrumentKind Kind { get; }

    public string MetricName { get; }

    public double[]? Bounds { get; }

    /// <summary>Records one measurement; never throws.</summary>
    public void Record<T>(T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        MetricFamily? family = Volatile.Read(ref _family);
        if (family is null && (family = CreateFamily(tags)) is null)
        {
            return;
        }

        MetricSeries series = Resolve(family, tags);
        switch (Kind)
        {
            case InstrumentKind.Counter:
                var counter = Unsafe.As<Counter>(series);
                if (IsWhole<T>())
                {
                    counter.Inc(ToLong(measurement));
                }
                else
                {
                    counter.Add(ToDouble(measurement));
                }

                break;
            case InstrumentKind.UpDownCounter:
                Unsafe.As<Gauge>(series).Add(ToDouble(measurement));
                break;
            case InstrumentKind.Gauge:
            case InstrumentKind.ObservableGauge:
            case InstrumentKind.ObservableUpDownCounter:
                Unsafe.As<Gauge>(series).Set(ToDouble(measurement));
                break;
            case InstrumentKind.Histogram:
                Unsafe.As<Histogram>(series).Observe(ToDouble(measurement));
                break;
            case InstrumentKind.ObservableCounter:
                RecordObservedTotal(Unsafe.As<Counter>(series), ToDouble(measurement));
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhole<T>() =>
        typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(byte);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long ToLong<T>(T value)
    {
        if (typeof(T) == typeof(long))
        {
            return Unsafe.As<T, long>(ref value);
        }

        if (typeof(T) == typeof(int))
        {
            return Unsafe.As<T, int>(ref value);
        }

        if (typeof(T) == typeof(short))
        {
            return Unsafe.As<T, short>(ref value);
        }

        return Unsafe.As<T, byte>(ref value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToDouble<T>(T value)
    {
        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<T, double>(ref value);
        }

        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref value);
        }

        if (typeof(T) == typeof(decimal))
        {
            return (double)Unsafe.As<T, decimal>(ref value);
        }

        return ToLong(value);
    }

    private MetricSeries Resolve(MetricFamily family, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string[] keys = _tagKeys;
        int matched = 0;
        MetricSeries series;
        switch (keys.Length)
        {
            case 0:
                series = _unlabeled!;
                break;
            case 1:
                series = With(family, Value(tags, keys[0], ref matched));
                break;
            case 2:
                series = With(family, Value(tags, keys[0], ref matched), Value(tags, keys[1], ref matched));
                break;
            case MaxStackLabels:
                series = With(family, Value(tags, keys[0], ref matched), Value(tags, keys[1], ref matched), Value(tags, keys[2], ref matched));
                break;
            default:
                series = WithMany(family, keys, tags, ref matched);
                break;
        }

        if (matched != tags.Length)
        {
            CountUnexpectedTag();
        }

        return series;
    }

    private static MetricSeries With(MetricFamily family, string value) => family switch
    {
        MetricFamily<Counter> counters => counters.WithLabels(value),
        MetricFamily<Gauge> gauges => gauges.WithLabels(value),
        _ => Unsafe.As<MetricFamily<Histogram>>(family).WithLabels(value),
    };

    private static MetricSeries With(MetricFamily family, string value1, string value2) => family switch
    {
        MetricFamily<Counter> counters => counters.WithLabels(value1, value2),
        MetricFamily<Gauge> gauges => gauges.WithLabels(value1, value2),
        _ => Unsafe.As<MetricFamily<Histogram>>(family).WithLabels(value1, value2),
    };

    private static MetricSeries With(MetricFamily family, string value1, string value2, string value3) => family switch
    {
        MetricFamily<Counter> counters => counters.WithLabels(value1, value2, value3),
        MetricFamily<Gauge> gauges => gauges.WithLabels(value1, value2, value3),
        _ => Unsafe.As<MetricFamily<Histogram>>(family).WithLabels(value1, value2, value3),
    };

    private static MetricSeries WithMany(MetricFamily family, string[] keys, ReadOnlySpan<KeyValuePair<string, object?>> tags, ref int matched)
    {
        string[] scratch = t_scratch is { } cached && cached.Length >= keys.Length ? cached : (t_scratch = new string[keys.Length]);
        Span<string> values = scratch.AsSpan(0, keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            values[i] = Value(tags, keys[i], ref matched);
        }

        MetricSeries series = family switch
        {
            MetricFamily<Counter> counters => counters.WithLabels(values),
            MetricFamily<Gauge> gauges => gauges.WithLabels(values),
            _ => Unsafe.As<MetricFamily<Histogram>>(family).WithLabels(values),
        };
        values.Clear();
        return series;
    }

    private static string Value(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key, ref int matched)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (ReferenceEquals(tag.Key, key) || string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                matched++;
                return tag.Value as string ?? FormatSlow(tag.Value);
            }
        }

        return string.Empty;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string FormatSlow(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountUnexpectedTag()
    {
        Counter counter = _unexpectedTags ??= _bridge.Registry.DroppedFamily.WithLabels(MetricName, "unexpected_tag");
        counter.Inc();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordObservedTotal(Counter counter, double total)
    {
        // Runs inside MeterBridge's observe lock, once per series per scrape.
        Dictionary<MetricSeries, double> totals = _observedTotals ??= new(ReferenceEqualityComparer.Instance);
        totals.TryGetValue(counter, out double previous);
        totals[counter] = total;
        double increase = total - previous;
        if (increase > 0)
        {
            counter.Add(increase);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private MetricFamily? CreateFamily(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_lock)
        {
            if (_family is { } existing || _failed)
            {
                return _family;
            }

            // Label names are the tag keys in ordinal order, so the same tags in any order find one series.
            var keys = new List<string>(tags.Length);
            var labels = new List<string>(tags.Length);
            var sorted = new string[tags.Length];
            for (int i = 0; i < tags.Length; i++)
            {
                sorted[i] = tags[i].Key;
            }

            Array.Sort(sorted, StringComparer.Ordinal);
            foreach (string key in sorted)
            {
                string label = PrometheusNames.LabelName(key);
                if (Kind == InstrumentKind.Histogram && label == "le")
                {
                    label = "tag_le";
                }

                if (!labels.Contains(label))
                {
                    keys.Add(key);
                    labels.Add(label);
                }
            }

            try
            {
                MetricFamily family = _bridge.CreateFamily(this, [.. labels]);
                _tagKeys = [.. keys];
                if (labels.Count == 0)
                {
                    _unlabeled = family switch
                    {
                        MetricFamily<Counter> counters => counters.WithLabels(),
                        MetricFamily<Gauge> gauges => gauges.WithLabels(),
                        _ => ((MetricFamily<Histogram>)family).WithLabels(),
                    };
                }

                Volatile.Write(ref _family, family);
                return family;
            }
#pragma warning disable CA1031 // A registration clash found on a recording thread is counted, never thrown into it.
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
#pragma warning restore CA1031
            {
                _failed = true;
                _bridge.ReportSkipped(this, exception.Message);
                return null;
            }
        }
    }
}
