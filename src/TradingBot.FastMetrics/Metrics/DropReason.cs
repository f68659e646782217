namespace TradingBot.FastMetrics.Metrics;

/// <summary>Why the record path dropped a value instead of recording it.</summary>
internal enum DropReason
{
    /// <summary>A counter was asked to go down.</summary>
    NegativeIncrement,

    /// <summary>A counter increment or an observation was NaN.</summary>
    NaN,

    /// <summary>A callback gauge's callback threw during a scrape.</summary>
    CallbackError,

    /// <summary>A counter increment or an observation was positive or negative infinity.</summary>
    Infinite,
}
