namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>A risk guard refused a trade.</summary>
/// <param name="Guard">The guard, such as <c>daily_loss</c>, <c>max_positions</c> or <c>cooldown</c>.</param>
/// <param name="Symbol">The instrument the refused trade was for.</param>
public readonly record struct GuardBlocked(string Guard, string Symbol);
