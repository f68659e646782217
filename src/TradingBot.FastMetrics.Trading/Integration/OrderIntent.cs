namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>What an order is for.</summary>
public enum OrderIntent
{
    /// <summary>The order opens a position.</summary>
    Open,

    /// <summary>The order closes a position.</summary>
    Close,
}
