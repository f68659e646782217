using System;
using TradingBot.FastMetrics.Trading.Integration;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>A trader that calls its one observer directly, with no hub in between, and keeps calling it after unsubscription.</summary>
/// <remarks>It models a careless hand-written trader: whatever an observer throws would reach it, and it ignores detaching.</remarks>
internal sealed class RawTrader : ITraderEvents
{
    public ITraderObserver? Observer { get; private set; }

    public int Unsubscribed { get; private set; }

    public IDisposable Subscribe(ITraderObserver observer)
    {
        Observer = observer;
        return new Unsubscriber(this);
    }

    private sealed class Unsubscriber(RawTrader trader) : IDisposable
    {
        public void Dispose() => trader.Unsubscribed++;
    }
}
