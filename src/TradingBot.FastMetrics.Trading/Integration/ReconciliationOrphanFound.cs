namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>Reconciliation with the exchange found an orphan: an order or position known on one side only.</summary>
/// <param name="OrphanType">The orphan type, such as <c>exchange_position</c>; exported as the <c>type</c> label.</param>
/// <param name="Symbol">The instrument involved.</param>
public readonly record struct ReconciliationOrphanFound(string OrphanType, string Symbol);
