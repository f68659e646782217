using System;
using System.Diagnostics;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>Times an operation into a histogram: <c>using (histogram.StartTimer()) { ... }</c>.</summary>
/// <remarks>A struct, so <c>using</c> neither allocates nor boxes. A default instance does nothing.</remarks>
public readonly struct HistogramTimer : IDisposable, IEquatable<HistogramTimer>
{
    private readonly Histogram? _histogram;
    private readonly long _start;
    private readonly DurationUnit _unit;

    internal HistogramTimer(Histogram histogram, DurationUnit unit)
    {
        _histogram = histogram;
        _unit = unit;
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>Observes the time elapsed since the timer started.</summary>
    public void Dispose() => _histogram?.ObserveDuration(_start, Stopwatch.GetTimestamp(), _unit);

    /// <inheritdoc />
    public bool Equals(HistogramTimer other) =>
        ReferenceEquals(_histogram, other._histogram) && _start == other._start && _unit == other._unit;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HistogramTimer other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_histogram, _start, _unit);

    /// <summary>Compares two timers.</summary>
    /// <param name="left">The first timer.</param>
    /// <param name="right">The second timer.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(HistogramTimer left, HistogramTimer right) => left.Equals(right);

    /// <summary>Compares two timers.</summary>
    /// <param name="left">The first timer.</param>
    /// <param name="right">The second timer.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(HistogramTimer left, HistogramTimer right) => !left.Equals(right);
}
