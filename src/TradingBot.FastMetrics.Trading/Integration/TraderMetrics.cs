using System;
using System.Threading;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;

namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>Records every metric of the catalogue from a trader's lifecycle events; attach once, dispose to detach.</summary>
/// <remarks>
/// <para>While attached: open and close latency from the timestamps the trader puts in
/// <see cref="PositionOpened"/> and <see cref="PositionClosed"/>; entry and exit slippage in basis points from
/// the expected and fill prices, signed by side; trades opened by symbol and closed by symbol and result;
/// open positions and unrealized PnL; guard blocks; reconciliation orphans; anomalies; and component
/// health, which also reaches the exporter's <see cref="Health.HealthRegistry"/>.</para>
/// <para>Per event it allocates nothing once the event's label values have been seen. Bad event data (a
/// null symbol, an undefined side, a zero price or timestamp) is dropped and counted in
/// <c>fastmetrics_dropped_total</c>, and no exception ever leaves a handler: one that escapes the exporter
/// anyway is counted in <see cref="Faults"/>. Thread-safe.</para>
/// </remarks>
public sealed class TraderMetrics : ITraderObserver, IDisposable
{
    // Indexed by TradeResult; label strings are constants, so closing a trade allocates nothing.
    private static readonly string[] s_resultLabels = [BotLabelValues.Win, BotLabelValues.Loss, BotLabelValues.Breakeven];

    private readonly PrometheusExporter _exporter;
    private IDisposable? _subscription;
    private int _attached;
    private long _faults;

    private TraderMetrics(PrometheusExporter exporter)
    {
        _exporter = exporter;
    }

    /// <summary>Gets whether the integration still records, that is, has not been disposed.</summary>
    public bool IsAttached => Volatile.Read(ref _attached) != 0;

    /// <summary>Gets the number of exceptions a handler caught instead of letting them reach the trader.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Gets the exporter the integration records into.</summary>
    public PrometheusExporter Exporter => _exporter;

    /// <summary>Attaches the bot's metrics to <paramref name="trader"/>, recording into <see cref="PrometheusExporter.Instance"/>.</summary>
    /// <param name="trader">The trader whose events to record.</param>
    /// <returns>The attached integration; dispose it to detach.</returns>
    public static TraderMetrics Attach(ITraderEvents trader) => Attach(trader, PrometheusExporter.Instance);

    /// <summary>Attaches the bot's metrics to <paramref name="trader"/>, recording into <paramref name="exporter"/>.</summary>
    /// <param name="trader">The trader whose events to record.</param>
    /// <param name="exporter">The exporter to record into.</param>
    /// <returns>The attached integration; dispose it to detach.</returns>
    public static TraderMetrics Attach(ITraderEvents trader, PrometheusExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(trader);
        ArgumentNullException.ThrowIfNull(exporter);
        var metrics = new TraderMetrics(exporter);

        // Attached before subscribing, so an event the trader raises during Subscribe is already recorded.
        Volatile.Write(ref metrics._attached, 1);
        metrics._subscription = trader.Subscribe(metrics);
        return metrics;
    }

    /// <summary>Detaches from the trader; from now on no event is recorded. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _attached, 0) != 0)
        {
            Interlocked.Exchange(ref _subscription, null)?.Dispose();
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnOrderSent(in OrderSent e)
    {
        // No family of the catalogue counts orders; latency comes from the fill events' timestamps.
    }

    /// <inheritdoc />
    void ITraderObserver.OnPositionOpened(in PositionOpened e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            BotMetrics metrics = _exporter.Metrics;
            _exporter.RecordLatency(metrics.OpenLatency, BotMetricNames.OpenLatency, e.SentTimestamp, e.FilledTimestamp, e.OrderId);
            if (e.Side is PositionSide.Long or PositionSide.Short)
            {
                RecordSlippage(Slippage.EntrySide(e.Side), e.ExpectedPrice, e.FillPrice, entry: true);
            }
            else
            {
                _exporter.RecordDropped(BotMetricNames.EntrySlippage, DropReasons.InvalidEnum);
            }

            _exporter.RecordTradeOpened(e.Symbol, e.OrderId);
        }
        catch (Exception) when (Contain())
        {
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnPositionClosed(in PositionClosed e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            BotMetrics metrics = _exporter.Metrics;
            _exporter.RecordLatency(metrics.CloseLatency, BotMetricNames.CloseLatency, e.SentTimestamp, e.FilledTimestamp, e.OrderId);
            if (e.Side is PositionSide.Long or PositionSide.Short)
            {
                RecordSlippage(Slippage.ExitSide(e.Side), e.ExpectedPrice, e.FillPrice, entry: false);
            }
            else
            {
                _exporter.RecordDropped(BotMetricNames.ExitSlippage, DropReasons.InvalidEnum);
            }

            if ((uint)e.Result < (uint)s_resultLabels.Length)
            {
                _exporter.RecordTradeClosed(e.Symbol, s_resultLabels[(int)e.Result], e.OrderId);
            }
            else
            {
                _exporter.RecordDropped(BotMetricNames.TradesClosed, DropReasons.InvalidEnum);
            }
        }
        catch (Exception) when (Contain())
        {
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnGuardBlocked(in GuardBlocked e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            _exporter.RecordGuardBlock(e.Guard);
        }
        catch (Exception) when (Contain())
        {
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnPositionsChanged(in PositionsChanged e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            _exporter.UpdatePositionsCount(e.OpenPositions);
            _exporter.UpdateUnrealizedPnl(e.UnrealizedPnl);
        }
        catch (Exception) when (Contain())
        {
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnReconciliationOrphan(in ReconciliationOrphanFound e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            _exporter.RecordReconciliationOrphan(e.OrphanType);
        }
        catch (Exception) when (Contain())
        {
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnAnomalyTriggered(in AnomalyTriggered e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            _exporter.RecordAnomalyTrigger(e.AnomalyType);
        }
        catch (Exception) when (Contain())
        {
        }
    }

    /// <inheritdoc />
    void ITraderObserver.OnComponentHealthChanged(in ComponentHealthChanged e)
    {
        if (!IsAttached)
        {
            return;
        }

        try
        {
            _exporter.SetHealthStatus(e.Component, e.Healthy);
        }
        catch (Exception) when (Contain())
        {
        }
    }

    private void RecordSlippage(OrderSide side, double expectedPrice, double fillPrice, bool entry)
    {
        if (!Slippage.TryComputeBps(side, expectedPrice, fillPrice, out double bps))
        {
            _exporter.RecordDropped(entry ? BotMetricNames.EntrySlippage : BotMetricNames.ExitSlippage, DropReasons.InvalidPrice);
        }
        else if (entry)
        {
            _exporter.RecordEntrySlippage(bps);
        }
        else
        {
            _exporter.RecordExitSlippage(bps);
        }
    }

    // An exception filter that counts and then catches: whatever went wrong, the trader must not see it.
    private bool Contain()
    {
        Interlocked.Increment(ref _faults);
        return true;
    }
}
