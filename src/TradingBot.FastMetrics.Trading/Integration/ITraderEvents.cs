using System;

namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>A trader's lifecycle surface: what observers such as <see cref="TraderMetrics"/> subscribe to.</summary>
/// <remarks>
/// A trader implements it most simply by owning a <see cref="TraderEventHub"/>, forwarding
/// <see cref="Subscribe"/> to it and publishing each event there; the hub isolates observer faults.
/// </remarks>
public interface ITraderEvents
{
    /// <summary>Adds an observer of the trader's events.</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>A subscription; disposing it removes the observer.</returns>
    IDisposable Subscribe(ITraderObserver observer);
}
