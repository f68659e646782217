namespace TradingBot.FastMetrics.Server;

/// <summary>The endpoints the server knows.</summary>
internal enum RequestTarget
{
    /// <summary><c>/</c>: a small index page.</summary>
    Index,

    /// <summary><c>/metrics</c>: the scrape.</summary>
    Metrics,

    /// <summary><c>/health</c>: component health as JSON.</summary>
    Health,
}
