namespace TradingBot.FastMetrics.Metrics;

/// <summary>The kind of a metric family, as the exposition formats name it.</summary>
public enum MetricType
{
    /// <summary>A monotonic total.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Observations counted into cumulative buckets, with their sum and count.</summary>
    Histogram,

    /// <summary>A constant 1 whose labels carry information (version, start time).</summary>
    Info,
}
