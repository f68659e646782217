namespace TradingBot.FastMetrics.Server;

/// <summary>The request methods the server distinguishes.</summary>
internal enum HttpMethod
{
    /// <summary>GET: answer with headers and body.</summary>
    Get,

    /// <summary>HEAD: the same headers as GET, no body.</summary>
    Head,
}
