using System;
using System.Diagnostics;
using TradingBot.FastMetrics.Trading.Integration;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>A trader driven step by step by a test: each call raises the lifecycle events a real trader would, through a <see cref="TraderEventHub"/>.</summary>
/// <remarks>Timestamps come from a fake clock, so the latencies are exactly the ones the test asks for. Allocation-free per call.</remarks>
internal sealed class ScriptedTrader : ITraderEvents
{
    private long _now = 1_000_000_000;

    public TraderEventHub Hub { get; } = new();

    public static double MillisecondsBetween(long sent, long filled) => (filled - sent) * (1000.0 / Stopwatch.Frequency);

    public static long Ticks(double milliseconds) => (long)Math.Round(milliseconds * Stopwatch.Frequency / 1000.0);

    public IDisposable Subscribe(ITraderObserver observer) => Hub.Subscribe(observer);

    /// <summary>Opens a position; returns the latency in milliseconds the timestamps encode.</summary>
    public double Open(string symbol, PositionSide side, double expectedPrice, double fillPrice, double latencyMs, double quantity = 1)
    {
        long sent = Tick();
        long filled = sent + Ticks(latencyMs);
        Hub.Publish(new OrderSent(symbol, side == PositionSide.Long ? OrderSide.Buy : OrderSide.Sell, OrderIntent.Open, quantity, expectedPrice, sent));
        Hub.Publish(new PositionOpened(symbol, side, quantity, expectedPrice, fillPrice, sent, filled));
        return MillisecondsBetween(sent, filled);
    }

    /// <summary>Closes a position; returns the latency in milliseconds the timestamps encode.</summary>
    public double Close(string symbol, PositionSide side, double expectedPrice, double fillPrice, TradeResult result, double realizedPnl, double latencyMs, double quantity = 1)
    {
        long sent = Tick();
        long filled = sent + Ticks(latencyMs);
        Hub.Publish(new OrderSent(symbol, side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy, OrderIntent.Close, quantity, expectedPrice, sent));
        Hub.Publish(new PositionClosed(symbol, side, quantity, expectedPrice, fillPrice, result, realizedPnl, sent, filled));
        return MillisecondsBetween(sent, filled);
    }

    public void Positions(int open, double unrealizedPnl) => Hub.Publish(new PositionsChanged(open, unrealizedPnl));

    public void Block(string guard, string symbol) => Hub.Publish(new GuardBlocked(guard, symbol));

    public void Orphan(string type, string symbol) => Hub.Publish(new ReconciliationOrphanFound(type, symbol));

    public void Anomaly(string type, string symbol) => Hub.Publish(new AnomalyTriggered(type, symbol));

    public void Health(string component, bool healthy) => Hub.Publish(new ComponentHealthChanged(component, healthy));

    private long Tick() => _now += Stopwatch.Frequency;
}
