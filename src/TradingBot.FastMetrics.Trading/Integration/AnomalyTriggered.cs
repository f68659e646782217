namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>An anomaly detector fired.</summary>
/// <param name="AnomalyType">The anomaly type, such as <c>price_spike</c>; exported as the <c>type</c> label.</param>
/// <param name="Symbol">The instrument involved.</param>
public readonly record struct AnomalyTriggered(string AnomalyType, string Symbol);
