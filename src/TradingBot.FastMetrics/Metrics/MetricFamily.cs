using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A named metric with its help text, type and label names; holds one series per label set.</summary>
public abstract class MetricFamily
{
    // One slot per DropReason member.
    private const int ReasonCount = (int)DropReason.Infinite + 1;

    private readonly string[] _labelNames;
    private Counter?[]? _dropCounters;
    private Counter? _overflowCounter;

    private protected MetricFamily(MetricRegistry registry, string name, string help, MetricType type, string[] labelNames, int cardinalityLimit, HistogramBounds? bounds)
    {
        Bounds = bounds;
        Registry = registry;
        Name = name;
        Help = help;
        Type = type;
        _labelNames = labelNames;
        CardinalityLimit = cardinalityLimit;
    }

    /// <summary>Gets the metric name.</summary>
    public string Name { get; }

    /// <summary>Gets the help text.</summary>
    public string Help { get; }

    /// <summary>Gets the metric type.</summary>
    public MetricType Type { get; }

    /// <summary>Gets the label names, fixed when the family was created.</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>Gets the most series this family creates before folding new label sets into its overflow series.</summary>
    public int CardinalityLimit { get; }

    /// <summary>Gets the number of series the family holds now, the overflow series included.</summary>
    public abstract int SeriesCount { get; }

    internal MetricRegistry Registry { get; }

    /// <summary>The bucket bounds of a histogram family; null for other types.</summary>
    internal HistogramBounds? Bounds { get; }

    internal int LabelCount => _labelNames.Length;

    internal string[] LabelNameArray => _labelNames;

    /// <summary>Copies the current series, in creation order, into <paramref name="destination"/>.</summary>
    /// <returns>The number of series; when larger than the destination, nothing was copied: retry with more room.</returns>
    internal abstract int CopySeries(Span<MetricSeries> destination);

    /// <summary>Counts a value the record path refused, in <c>fastmetrics_dropped_total</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void RecordDrop(DropReason reason)
    {
        Counter?[] counters = _dropCounters ?? Interlocked.CompareExchange(ref _dropCounters, new Counter?[ReasonCount], null) ?? _dropCounters!;
        Counter counter = counters[(int)reason] ??= Registry.DroppedFamily.WithLabels(Name, ReasonName(reason));
        counter.Inc();
    }

    /// <summary>Counts a label set folded into the overflow series.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected void RecordOverflow()
    {
        Counter counter = _overflowCounter ??= Registry.OverflowFamily.WithLabels(Name);
        counter.Inc();
    }

    private static string ReasonName(DropReason reason) => reason switch
    {
        DropReason.NegativeIncrement => "negative_increment",
        DropReason.NaN => "nan",
        DropReason.Infinite => "infinite",
        _ => "callback_error",
    };
}
