using System;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>One time series of a family: the family's name plus one set of label values.</summary>
/// <remarks>Series are created by their family and kept by callers as handles; all members are thread-safe.</remarks>
public abstract class MetricSeries
{
    private readonly string[] _labelValues;

    private protected MetricSeries(MetricFamily family, string[] labelValues, bool isOverflow)
    {
        Family = family;
        _labelValues = labelValues;
        IsOverflow = isOverflow;
    }

    /// <summary>Gets the family this series belongs to.</summary>
    public MetricFamily Family { get; }

    /// <summary>Gets the label values, in the order of the family's label names.</summary>
    /// <remarks>As stored: an unpaired surrogate given to <c>WithLabels</c> reads back as U+FFFD (see <see cref="LabelValueText"/>).</remarks>
    public ReadOnlySpan<string> LabelValues => _labelValues;

    /// <summary>Gets whether this is the family's overflow series, which absorbs label sets past the cardinality limit.</summary>
    public bool IsOverflow { get; }

    /// <summary>When the series was created, in ticks since the Unix epoch (the created timestamp of counters and histograms).</summary>
    internal long CreatedUnixTicks { get; } = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;

    /// <summary>The series' exemplars, created on the first exemplar recorded; null until then.</summary>
    internal Exemplars.ExemplarStore? Exemplars;
}
