using System;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Instrumentation;

/// <summary>Settings of a <see cref="MeterBridge"/>.</summary>
public sealed class MeterBridgeOptions
{
    /// <summary>
    /// Gets the default bucket bounds of a histogram whose unit is seconds (<c>s</c>) and whose instrument gives
    /// no advice: Prometheus' client default, 5 ms to 10 s.
    /// </summary>
    public static ReadOnlySpan<double> DefaultSecondsBounds => [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// Gets the default bucket bounds of any other histogram without advice: OpenTelemetry's default explicit
    /// bounds, 0 to 10 000, so figures line up with what the OpenTelemetry SDK would export.
    /// </summary>
    public static ReadOnlySpan<double> DefaultBounds => [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>Gets or sets the per-family cardinality limit; label sets past it fold into the overflow series.</summary>
    public int CardinalityLimit { get; set; } = MetricRegistry.DefaultCardinalityLimit;

    /// <summary>Gets or sets bucket bounds for histograms without advice, overriding both defaults; null keeps them.</summary>
    public double[]? HistogramBounds { get; set; }
}
