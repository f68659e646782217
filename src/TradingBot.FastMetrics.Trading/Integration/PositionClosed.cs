namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>A closing order filled: a position is closed.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Side">The side of the position that closed; a long exits by a sell, a short by a buy.</param>
/// <param name="Quantity">The closed quantity.</param>
/// <param name="ExpectedPrice">The exit price the trader expected when it sent the closing order.</param>
/// <param name="FillPrice">The exit price it filled at.</param>
/// <param name="Result">How the trade ended.</param>
/// <param name="RealizedPnl">The realized profit (positive) or loss (negative), in the account currency.</param>
/// <param name="SentTimestamp">When the closing order was sent, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> reading.</param>
/// <param name="FilledTimestamp">When the fill arrived, a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> reading.</param>
public readonly record struct PositionClosed(
    string Symbol,
    PositionSide Side,
    double Quantity,
    double ExpectedPrice,
    double FillPrice,
    TradeResult Result,
    double RealizedPnl,
    long SentTimestamp,
    long FilledTimestamp)
{
    /// <summary>Gets the order's id, when the trader has one: recorded as the <c>order_id</c> exemplar of the latency and trade count.</summary>
    public string? OrderId { get; init; }
}
