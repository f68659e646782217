using System;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Integration;

public sealed class TraderEventHubTests
{
    [Fact]
    public void Publish_EveryEventKind_ReachesEveryObserver()
    {
        var hub = new TraderEventHub();
        var first = new CountingObserver();
        var second = new CountingObserver();
        using IDisposable a = hub.Subscribe(first);
        using IDisposable b = hub.Subscribe(second);

        PublishOneOfEach(hub);

        Assert.Equal(8, first.Total);
        Assert.Equal(8, second.Total);
        Assert.Equal(0, hub.ObserverFaults);
        Assert.Null(hub.LastObserverFault);
    }

    [Fact]
    public void Subscription_Dispose_RemovesOnlyThatObserverOnce()
    {
        var hub = new TraderEventHub();
        var kept = new CountingObserver();
        var removed = new CountingObserver();
        using IDisposable keep = hub.Subscribe(kept);
        IDisposable remove = hub.Subscribe(removed);

        remove.Dispose();
        remove.Dispose();
        PublishOneOfEach(hub);

        Assert.Equal(1, hub.ObserverCount);
        Assert.Equal(8, kept.Total);
        Assert.Equal(0, removed.Total);
    }

    [Fact]
    public void Publish_ThrowingObserver_IsContainedAndCounted()
    {
        var hub = new TraderEventHub();
        var faulty = new CountingObserver(throws: true);
        var healthy = new CountingObserver();
        using IDisposable a = hub.Subscribe(faulty);
        using IDisposable b = hub.Subscribe(healthy);

        PublishOneOfEach(hub);

        Assert.Equal(8, hub.ObserverFaults);
        Assert.IsType<InvalidOperationException>(hub.LastObserverFault);
        Assert.Equal(8, healthy.Total);
    }

    [Fact]
    public void Publish_NoObservers_DoesNothing()
    {
        var hub = new TraderEventHub();

        PublishOneOfEach(hub);

        Assert.Equal(0, hub.ObserverCount);
        Assert.Equal(0, hub.ObserverFaults);
    }

    [Fact]
    public void Subscribe_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new TraderEventHub().Subscribe(null!));
    }

    private static void PublishOneOfEach(TraderEventHub hub)
    {
        hub.Publish(new OrderSent("BTCUSDT", OrderSide.Buy, OrderIntent.Open, 1, 100, 1));
        hub.Publish(new PositionOpened("BTCUSDT", PositionSide.Long, 1, 100, 100, 1, 2));
        hub.Publish(new PositionClosed("BTCUSDT", PositionSide.Long, 1, 100, 100, TradeResult.Breakeven, 0, 3, 4));
        hub.Publish(new GuardBlocked("cooldown", "BTCUSDT"));
        hub.Publish(new PositionsChanged(0, 0));
        hub.Publish(new ReconciliationOrphanFound("exchange_order", "BTCUSDT"));
        hub.Publish(new AnomalyTriggered("stale_feed", "BTCUSDT"));
        hub.Publish(new ComponentHealthChanged("exchange", false));
    }
}
