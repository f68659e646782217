namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>A component of the bot became healthy or unhealthy (or reports its health for the first time).</summary>
/// <param name="Component">The component, such as <c>exchange</c>, <c>database</c> or <c>risk_engine</c>.</param>
/// <param name="Healthy">Whether it is healthy now.</param>
public readonly record struct ComponentHealthChanged(string Component, bool Healthy);
