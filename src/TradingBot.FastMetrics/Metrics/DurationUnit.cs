namespace TradingBot.FastMetrics.Metrics;

/// <summary>The unit a histogram records durations in.</summary>
public enum DurationUnit
{
    /// <summary>Seconds, the Prometheus convention.</summary>
    Seconds,

    /// <summary>Milliseconds (the bot's <c>*_latency_ms</c> histograms).</summary>
    Milliseconds,

    /// <summary>Microseconds.</summary>
    Microseconds,
}
