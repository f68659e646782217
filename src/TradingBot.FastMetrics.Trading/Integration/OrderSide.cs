namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>The direction of an order.</summary>
public enum OrderSide
{
    /// <summary>A buy: a higher fill than expected is adverse.</summary>
    Buy,

    /// <summary>A sell: a lower fill than expected is adverse.</summary>
    Sell,
}
