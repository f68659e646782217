using System;
using TradingBot.FastMetrics.Trading.Integration;

namespace TradingBot.FastMetrics.Tests.Trading.Infrastructure;

/// <summary>Counts the events it sees; optionally throws from every handler.</summary>
internal sealed class CountingObserver(bool throws = false) : ITraderObserver
{
    public int OrdersSent { get; private set; }

    public int Opened { get; private set; }

    public int Closed { get; private set; }

    public int GuardBlocks { get; private set; }

    public int PositionsChanges { get; private set; }

    public int MaxOpenPositions { get; private set; }

    public int Orphans { get; private set; }

    public int Anomalies { get; private set; }

    public int HealthChanges { get; private set; }

    public int UnhealthyReports { get; private set; }

    public int Total => OrdersSent + Opened + Closed + GuardBlocks + PositionsChanges + Orphans + Anomalies + HealthChanges;

    public void OnOrderSent(in OrderSent e)
    {
        OrdersSent++;
        ThrowIfAsked();
    }

    public void OnPositionOpened(in PositionOpened e)
    {
        Opened++;
        ThrowIfAsked();
    }

    public void OnPositionClosed(in PositionClosed e)
    {
        Closed++;
        ThrowIfAsked();
    }

    public void OnGuardBlocked(in GuardBlocked e)
    {
        GuardBlocks++;
        ThrowIfAsked();
    }

    public void OnPositionsChanged(in PositionsChanged e)
    {
        PositionsChanges++;
        MaxOpenPositions = Math.Max(MaxOpenPositions, e.OpenPositions);
        ThrowIfAsked();
    }

    public void OnReconciliationOrphan(in ReconciliationOrphanFound e)
    {
        Orphans++;
        ThrowIfAsked();
    }

    public void OnAnomalyTriggered(in AnomalyTriggered e)
    {
        Anomalies++;
        ThrowIfAsked();
    }

    public void OnComponentHealthChanged(in ComponentHealthChanged e)
    {
        HealthChanges++;
        if (!e.Healthy)
        {
            UnhealthyReports++;
        }

        ThrowIfAsked();
    }

    private void ThrowIfAsked()
    {
        if (throws)
        {
            throw new InvalidOperationException("observer fault injected by the test");
        }
    }
}
