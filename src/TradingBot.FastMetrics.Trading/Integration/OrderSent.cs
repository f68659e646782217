namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>The trader sent an order to the exchange.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Intent">Whether the order opens or closes a position.</param>
/// <param name="Quantity">The order quantity.</param>
/// <param name="ExpectedPrice">The price the trader expects to fill at.</param>
/// <param name="SentTimestamp">When it was sent, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> reading.</param>
/// <remarks>
/// No family of the catalogue counts orders, so <see cref="TraderMetrics"/> records nothing for this event;
/// latency is taken from the timestamps <see cref="PositionOpened"/> and <see cref="PositionClosed"/> carry.
/// </remarks>
public readonly record struct OrderSent(
    string Symbol,
    OrderSide Side,
    OrderIntent Intent,
    double Quantity,
    double ExpectedPrice,
    long SentTimestamp);
