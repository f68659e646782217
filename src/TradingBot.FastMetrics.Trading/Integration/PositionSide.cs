using System.Diagnostics.CodeAnalysis;

namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>The direction of a position.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Long and short are the trading terms for a position's side.")]
public enum PositionSide
{
    /// <summary>A long position: opened by a buy, closed by a sell.</summary>
    Long,

    /// <summary>A short position: opened by a sell, closed by a buy.</summary>
    Short,
}
