namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>Receives a trader's lifecycle events; each event is a readonly struct passed by reference, so nothing is allocated per event.</summary>
/// <remarks>
/// Methods are called on the trader's threads, possibly concurrently, and should return quickly. The
/// event is only valid during the call: copy what is needed, never keep a reference to it.
/// </remarks>
public interface ITraderObserver
{
    /// <summary>Called when the trader sends an order.</summary>
    /// <param name="e">The event.</param>
    void OnOrderSent(in OrderSent e);

    /// <summary>Called when an opening order fills.</summary>
    /// <param name="e">The event.</param>
    void OnPositionOpened(in PositionOpened e);

    /// <summary>Called when a closing order fills.</summary>
    /// <param name="e">The event.</param>
    void OnPositionClosed(in PositionClosed e);

    /// <summary>Called when a risk guard refuses a trade.</summary>
    /// <param name="e">The event.</param>
    void OnGuardBlocked(in GuardBlocked e);

    /// <summary>Called when the open positions or their unrealized profit and loss change.</summary>
    /// <param name="e">The event.</param>
    void OnPositionsChanged(in PositionsChanged e);

    /// <summary>Called when reconciliation finds an orphan.</summary>
    /// <param name="e">The event.</param>
    void OnReconciliationOrphan(in ReconciliationOrphanFound e);

    /// <summary>Called when an anomaly detector fires.</summary>
    /// <param name="e">The event.</param>
    void OnAnomalyTriggered(in AnomalyTriggered e);

    /// <summary>Called when a component's health changes or is first reported.</summary>
    /// <param name="e">The event.</param>
    void OnComponentHealthChanged(in ComponentHealthChanged e);
}
