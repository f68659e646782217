namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>How a closed trade ended; exported as the <c>result</c> label (<c>win</c>, <c>loss</c>, <c>breakeven</c>).</summary>
public enum TradeResult
{
    /// <summary>Closed with a profit.</summary>
    Win,

    /// <summary>Closed with a loss.</summary>
    Loss,

    /// <summary>Closed flat.</summary>
    Breakeven,
}
