using System;
using System.Threading;

namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>Delivers a trader's events to its observers, containing any fault an observer throws.</summary>
/// <remarks>
/// <para>Thread-safe. Publishing reads an immutable observer array and allocates nothing; subscribing and
/// unsubscribing copy the array under a lock (cold path). An observer added or removed during a publish may
/// or may not see that event.</para>
/// <para>An exception from an observer never reaches the publishing trader: it is counted in
/// <see cref="ObserverFaults"/>, kept in <see cref="LastObserverFault"/>, and the remaining observers still
/// receive the event.</para>
/// </remarks>
public sealed class TraderEventHub : ITraderEvents
{
    private readonly Lock _lock = new();
    private ITraderObserver[] _observers = [];
    private long _faults;
    private Exception? _lastFault;

    /// <summary>Gets the number of observers subscribed now.</summary>
    public int ObserverCount => Volatile.Read(ref _observers).Length;

    /// <summary>Gets the number of exceptions observers have thrown and the hub has contained.</summary>
    public long ObserverFaults => Interlocked.Read(ref _faults);

    /// <summary>Gets the last exception an observer threw, if any.</summary>
    public Exception? LastObserverFault => Volatile.Read(ref _lastFault);

    /// <inheritdoc />
    public IDisposable Subscribe(ITraderObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_lock)
        {
            ITraderObserver[] current = _observers;
            var grown = new ITraderObserver[current.Length + 1];
            current.CopyTo(grown, 0);
            grown[^1] = observer;
            Volatile.Write(ref _observers, grown);
        }

        return new Subscription(this, observer);
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in OrderSent e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnOrderSent(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in PositionOpened e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnPositionOpened(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in PositionClosed e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnPositionClosed(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in GuardBlocked e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnGuardBlocked(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in PositionsChanged e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnPositionsChanged(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in ReconciliationOrphanFound e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnReconciliationOrphan(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in AnomalyTriggered e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnAnomalyTriggered(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    /// <summary>Delivers <paramref name="e"/> to every observer.</summary>
    /// <param name="e">The event.</param>
    public void Publish(in ComponentHealthChanged e)
    {
        foreach (ITraderObserver observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnComponentHealthChanged(in e);
            }
            catch (Exception ex) when (Contain(ex))
            {
            }
        }
    }

    private void Unsubscribe(ITraderObserver observer)
    {
        lock (_lock)
        {
            ITraderObserver[] current = _observers;
            int index = Array.IndexOf(current, observer);
            if (index < 0)
            {
                return;
            }

            var shrunk = new ITraderObserver[current.Length - 1];
            Array.Copy(current, 0, shrunk, 0, index);
            Array.Copy(current, index + 1, shrunk, index, current.Length - index - 1);
            Volatile.Write(ref _observers, shrunk);
        }
    }

    // Used as an exception filter that records and then catches: the observer's fault is an observer bug,
    // and whatever it is, the trader must not see it.
    private bool Contain(Exception ex)
    {
        Interlocked.Increment(ref _faults);
        Volatile.Write(ref _lastFault, ex);
        return true;
    }

    private sealed class Subscription(TraderEventHub hub, ITraderObserver observer) : IDisposable
    {
        private TraderEventHub? _hub = hub;

        public void Dispose() => Interlocked.Exchange(ref _hub, null)?.Unsubscribe(observer);
    }
}
