namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>The open positions or their unrealized profit and loss changed.</summary>
/// <param name="OpenPositions">The number of positions open now.</param>
/// <param name="UnrealizedPnl">Their unrealized profit (positive) or loss (negative) at current prices, in the account currency.</param>
public readonly record struct PositionsChanged(int OpenPositions, double UnrealizedPnl);
