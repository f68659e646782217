namespace TradingBot.FastMetrics.Server;

/// <summary>The three outcomes of <c>Http1RequestParser.TryParse</c>.</summary>
internal enum ParseStatus
{
    /// <summary>The request head is not complete yet; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>A whole, valid request head was parsed.</summary>
    Complete,

    /// <summary>The input is malformed or refused; the reason says why.</summary>
    Rejected,
}
