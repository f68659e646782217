namespace TradingBot.FastMetrics.Trading;

/// <summary>Marks the trading assembly; the catalogue and trader integration live beside it.</summary>
internal static class TradingAssembly
{
}
