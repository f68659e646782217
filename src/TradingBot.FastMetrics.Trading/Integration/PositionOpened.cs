namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>An opening order filled: a position is open.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Side">Long or short; a long entry is a buy, a short entry a sell.</param>
/// <param name="Quantity">The filled quantity.</param>
/// <param name="ExpectedPrice">The price the trader expected when it sent the order.</param>
/// <param name="FillPrice">The price it filled at.</param>
/// <param name="SentTimestamp">When the opening order was sent, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> reading.</param>
/// <param name="FilledTimestamp">When the fill arrived, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> reading.</param>
public readonly record struct PositionOpened(
    string Symbol,
    PositionSide Side,
    double Quantity,
    double ExpectedPrice,
    double FillPrice,
    long SentTimestamp,
    long FilledTimestamp)
{
    /// <summary>Gets the order's id, when the trader has one: recorded as the <c>order_id</c> exemplar of the latency and trade count.</summary>
    public string? OrderId { get; init; }
}
