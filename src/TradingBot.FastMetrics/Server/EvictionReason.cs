namespace TradingBot.FastMetrics.Server;

/// <summary>Why the server closed a connection on its own, as counted in <c>fastmetrics_http_evictions_total</c>.</summary>
internal enum EvictionReason
{
    /// <summary>A newcomer needed the slot: this was the longest-idle connection with no request in progress.</summary>
    ConnectionLimit,

    /// <summary>The request head (or TLS handshake) did not arrive within the header timeout.</summary>
    HeaderTimeout,

    /// <summary>The keep-alive connection sat idle past its timeout.</summary>
    KeepAliveTimeout,

    /// <summary>Writing a response took longer than the write timeout.</summary>
    WriteTimeout,

    /// <summary>The number of reasons.</summary>
    Count,
}
