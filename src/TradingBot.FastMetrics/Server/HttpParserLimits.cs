namespace TradingBot.FastMetrics.Server;

/// <summary>The size limits the parser enforces, taken from <see cref="MetricsServerOptions"/>.</summary>
internal readonly struct HttpParserLimits
{
    public HttpParserLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount)
    {
        MaxRequestLineBytes = maxRequestLineBytes;
        MaxHeaderBytes = maxHeaderBytes;
        MaxHeaderCount = maxHeaderCount;
    }

    /// <summary>Gets the defaults: 8 KiB request line, 32 KiB and 100 fields of headers.</summary>
    public static HttpParserLimits Default => new(8 * 1024, 32 * 1024, 100);

    /// <summary>Gets the longest request line, CRLF included.</summary>
    public int MaxRequestLineBytes { get; }

    /// <summary>Gets the largest header section, from the first field line to the final empty line inclusive.</summary>
    public int MaxHeaderBytes { get; }

    /// <summary>Gets the most field lines.</summary>
    public int MaxHeaderCount { get; }
}
