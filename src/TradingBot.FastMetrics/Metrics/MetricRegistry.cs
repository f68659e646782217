using System;
using System.Collections.Generic;
using System.Threading;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>Holds metric families by name, in registration order, for recording and scraping.</summary>
/// <remarks>
/// Registration takes a lock; scraping reads an immutable snapshot of the family list, so registering
/// while a scrape runs is safe. Registering a name again with the same type, help, labels and buckets
/// returns the existing metric; any difference throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed partial class MetricRegistry
{
    /// <summary>The default per-family limit on the number of series.</summary>
    public const int DefaultCardinalityLimit = 10_000;

    /// <summary>Name of the self-metric counting values the record path dropped.</summary>
    public const string DroppedMetricName = "fastmetrics_dropped_total";

    /// <summary>Name of the self-metric counting label sets folded into overflow series.</summary>
    public const string OverflowMetricName = "fastmetrics_cardinality_overflow_total";

    /// <summary>Name of the self-metric counting families left out of a scrape because writing them failed.</summary>
    public const string RenderFailuresMetricName = "fastmetrics_render_failures_total";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, MetricFamily> _byName = new(StringComparer.Ordinal);
    private MetricFamily[] _families = [];
    private Action[] _beforeScrape = [];

    /// <summary>Creates an empty registry with its three self-metrics.</summary>
    public MetricRegistry()
    {
        DroppedFamily = CreateCounterFamily(
            DroppedMetricName,
            "Values the record path refused (negative or NaN counter increments, NaN observations, failing callbacks), by metric and reason.",
            ["metric", "reason"]);
        OverflowFamily = CreateCounterFamily(
            OverflowMetricName,
            "Label-set look-ups folded into a family's overflow series because the family reached its cardinality limit.",
            ["metric"]);
        RenderFailuresFamily = CreateCounterFamily(
            RenderFailuresMetricName,
            "Scrapes that left a family out because writing it failed, by metric; the other families were served.",
            ["metric"]);
    }

    /// <summary>Gets the process-wide registry.</summary>
    public static MetricRegistry Default { get; } = new();

    /// <summary>Gets the self-metric family <c>fastmetrics_dropped_total{metric,reason}</c>.</summary>
    /// <remarks>Layers above the library count their own refused inputs here, beside the record path's.</remarks>
    public MetricFamily<Counter> DroppedFamily { get; }

    internal MetricFamily<Counter> OverflowFamily { get; }

    /// <summary>Gets the self-metric family <c>fastmetrics_render_failures_total{metric}</c>, which the exposition counts into.</summary>
    internal MetricFamily<Counter> RenderFailuresFamily { get; }

    /// <summary>Returns the families in registration order, as of now.</summary>
    /// <returns>A snapshot; later registrations do not change it.</returns>
    public IReadOnlyList<MetricFamily> GetFamilies() => Volatile.Read(ref _families);

    internal MetricFamily[] FamiliesSnapshot => Volatile.Read(ref _families);

    /// <summary>Adds a callback that runs at the start of every scrape, before any family is read.</summary>
    /// <param name="callback">Runs on the scraping thread; it refreshes values read at scrape time (observable instruments, /proc).</param>
    /// <remarks>A callback that throws is counted in <c>fastmetrics_dropped_total{reason="callback_error"}</c> and the scrape goes on.</remarks>
    public void AddBeforeScrapeCallback(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            Volatile.Write(ref _beforeScrape, [.. _beforeScrape, callback]);
        }
    }

    /// <summary>Removes a callback added by <see cref="AddBeforeScrapeCallback"/>.</summary>
    /// <param name="callback">The callback to remove.</param>
    /// <returns><see langword="true"/> if it was registered.</returns>
    public bool RemoveBeforeScrapeCallback(Action callback)
    {
        lock (_lock)
        {
            int index = Array.IndexOf(_beforeScrape, callback);
            if (index < 0)
            {
                return false;
            }

            Action[] remaining = [.. _beforeScrape.AsSpan(0, index), .. _beforeScrape.AsSpan(index + 1)];
            Volatile.Write(ref _beforeScrape, remaining);
            return true;
        }
    }

    /// <summary>Runs the before-scrape callbacks; every exposition writer calls this first.</summary>
    internal void RunBeforeScrapeCallbacks()
    {
        foreach (Action callback in Volatile.Read(ref _beforeScrape))
        {
            try
            {
                callback();
            }
#pragma warning disable CA1031 // A refresh callback's fault must never break the scrape of every other metric.
            catch (Exception)
#pragma warning restore CA1031
            {
                DroppedFamily.WithLabels("before_scrape_callback", "callback_error").Inc();
            }
        }
    }

    /// <summary>Creates or returns an unlabeled counter.</summary>
    /// <param name="name">The metric name; counters conventionally end in <c>_total</c>.</param>
    /// <param name="help">The help text.</param>
    /// <returns>The counter.</returns>
    public Counter CreateCounter(string name, string help) => CreateCounterFamily(name, help, []).WithLabels();

    /// <summary>Creates or returns a counter family with the given label names.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, fixed from now on.</param>
    /// <param name="cardinalityLimit">The most series before new label sets fold into the overflow series.</param>
    /// <returns>The family.</returns>
    public MetricFamily<Counter> CreateCounterFamily(string name, string help, string[] labelNames, int cardinalityLimit = DefaultCardinalityLimit) =>
        GetOrAdd<Counter>(name, help, MetricType.Counter, labelNames, cardinalityLimit, null, static (f, v, o) => new Counter(f, v, o));

    /// <summary>Creates or returns an unlabeled gauge.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <returns>The gauge.</returns>
    public Gauge CreateGauge(string name, string help) => CreateGaugeFamily(name, help, []).WithLabels();

    /// <summary>Creates or returns a gauge family with the given label names.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, fixed from now on.</param>
    /// <param name="cardinalityLimit">The most series before new label sets fold into the overflow series.</param>
    /// <returns>The family.</returns>
    public MetricFamily<Gauge> CreateGaugeFamily(string name, string help, string[] labelNames, int cardinalityLimit = DefaultCardinalityLimit) =>
        GetOrAdd<Gauge>(name, help, MetricType.Gauge, labelNames, cardinalityLimit, null, static (f, v, o) => new Gauge(f, v, o));

    /// <summary>Creates or returns an unlabeled gauge whose value <paramref name="callback"/> supplies at each scrape.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="callback">Called once per scrape on the scraping thread; must be fast and must not block.</param>
    /// <returns>The gauge series. Registering the name again returns the first callback's series.</returns>
    public CallbackGauge CreateCallbackGauge(string name, string help, Func<double> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GetOrAdd<CallbackGauge>(name, help, MetricType.Gauge, [], 1, null, (f, v, _) => new CallbackGauge(f, v, callback)).WithLabels();
    }

    /// <summary>Creates or returns an unlabeled counter whose running total <paramref name="callback"/> supplies at each scrape.</summary>
    /// <param name="name">The metric name; counters conventionally end in <c>_total</c>.</param>
    /// <param name="help">The help text.</param>
    /// <param name="callback">Called once per scrape on the scraping thread; returns a total that never decreases.</param>
    /// <returns>The series. Registering the name again returns the first callback's series.</returns>
    /// <remarks>For totals kept elsewhere (CPU seconds from the kernel); the value is exported as returned.</remarks>
    public CallbackGauge CreateCallbackCounter(string name, string help, Func<double> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GetOrAdd<CallbackGauge>(name, help, MetricType.Counter, [], 1, null, (f, v, _) => new CallbackGauge(f, v, callback)).WithLabels();
    }

    /// <summary>Creates or returns an unlabeled histogram.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="bounds">Finite, ascending, distinct upper bounds; <c>+Inf</c> is implied.</param>
    /// <returns>The histogram.</returns>
    public Histogram CreateHistogram(string name, string help, double[] bounds) => CreateHistogramFamily(name, help, [], bounds).WithLabels();

    /// <summary>Creates or returns a histogram family with the given label names.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, fixed from now on; <c>le</c> is reserved.</param>
    /// <param name="bounds">Finite, ascending, distinct upper bounds; <c>+Inf</c> is implied.</param>
    /// <param name="cardinalityLimit">The most series before new label sets fold into the overflow series.</param>
    /// <returns>The family.</returns>
    public MetricFamily<Histogram> CreateHistogramFamily(string name, string help, string[] labelNames, double[] bounds, int cardinalityLimit = DefaultCardinalityLimit)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        Buckets.Validate(name, bounds);
        var info = new HistogramBounds((double[])bounds.Clone());
        return GetOrAdd<Histogram>(name, help, MetricType.Histogram, labelNames, cardinalityLimit, info, (f, v, o) => new Histogram(f, v, o, info));
    }

    /// <summary>Creates or returns an info series: <c>name{labels} 1</c>.</summary>
    /// <param name="name">The metric name; it must end in <c>_info</c>.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names.</param>
    /// <param name="labelValues">The label values, one per name.</param>
    /// <returns>The info series.</returns>
    public Info CreateInfo(string name, string help, string[] labelNames, string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labelValues);
        if (!name.EndsWith("_info", StringComparison.Ordinal))
        {
            ThrowHelper.ThrowArgumentException($"Info metric name '{name}' must end in '_info'.", nameof(name));
        }

        return GetOrAdd<Info>(name, help, MetricType.Info, labelNames, DefaultCardinalityLimit, null, static (f, v, o) => new Info(f, v, o))
            .WithLabels(labelValues);
    }

    private MetricFamily<TSeries> GetOrAdd<TSeries>(
        string name,
        string help,
        MetricType type,
        string[] labelNames,
        int cardinalityLimit,
        HistogramBounds? bounds,
        Func<MetricFamily<TSeries>, string[], bool, TSeries> factory)
        where TSeries : MetricSeries
    {
        MetricNameValidator.ValidateMetricName(name);
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(labelNames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cardinalityLimit);
        MetricNameValidator.ValidateLabelNames(name, labelNames, type == MetricType.Histogram);

        lock (_lock)
        {
            if (_byName.TryGetValue(name, out MetricFamily? existing))
            {
                string? difference = Describe(existing, typeof(TSeries), help, type, labelNames, bounds);
                if (difference is not null)
                {
                    ThrowHelper.ThrowInvalidOperationException(
                        $"Metric '{name}' is already registered with a different {difference}.");
                }

                return (MetricFamily<TSeries>)existing;
            }

            var family = new MetricFamily<TSeries>(this, name, help, type, (string[])labelNames.Clone(), cardinalityLimit, bounds, factory);
            _byName.Add(name, family);
            MetricFamily[] families = _families;
            var grown = new MetricFamily[families.Length + 1];
            families.CopyTo(grown, 0);
            grown[^1] = family;
            Volatile.Write(ref _families, grown);
            return family;
        }
    }

    private static string? Describe(MetricFamily existing, Type seriesType, string help, MetricType type, string[] labelNames, HistogramBounds? bounds)
    {
        if (existing.Type != type || existing.GetType().GenericTypeArguments[0] != seriesType)
        {
            return $"type: {existing.Type} ({existing.GetType().GenericTypeArguments[0].Name}), not {type} ({seriesType.Name})";
        }

        if (!existing.LabelNameArray.AsSpan().SequenceEqual(labelNames))
        {
            return $"label set: [{string.Join(", ", existing.LabelNameArray)}], not [{string.Join(", ", labelNames)}]";
        }

        if (existing.Help != help)
        {
            return $"help text: \"{existing.Help}\", not \"{help}\"";
        }

        if (bounds is not null && existing.Bounds is { } known && !known.SequenceEqual(bounds.Values))
        {
            return $"bucket set: [{string.Join(", ", known.Values.ToArray())}], not [{string.Join(", ", bounds.Values.ToArray())}]";
        }

        return null;
    }
}
