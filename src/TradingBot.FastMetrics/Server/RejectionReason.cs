namespace TradingBot.FastMetrics.Server;

/// <summary>Why the server refused a connection or a request, as counted in <c>fastmetrics_http_rejections_total</c>.</summary>
internal enum RejectionReason
{
    /// <summary>The connection limit was reached and every open connection had a request in progress.</summary>
    NoEvictableConnection,

    /// <summary>400 or 505: a malformed request.</summary>
    BadRequest,

    /// <summary>401: missing or wrong credentials.</summary>
    Unauthorized,

    /// <summary>404.</summary>
    NotFound,

    /// <summary>405.</summary>
    MethodNotAllowed,

    /// <summary>408: the head took too many reads.</summary>
    HeadTooSlow,

    /// <summary>414 or 431.</summary>
    TooLarge,

    /// <summary>The number of reasons.</summary>
    Count,
}
