using System;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Trading.Catalogue;

namespace TradingBot.FastMetrics.Trading.Integration;

/// <summary>The per-symbol trade counters, found by the symbol string's identity rather than by hashing its characters.</summary>
/// <remarks>
/// <para>A trader passes the same string instance for a symbol on every event (it comes from its
/// configuration or its instrument table), so an identity hash (<see cref="RuntimeHelpers.GetHashCode(object)"/>,
/// kept in the object header) and a reference compare find the handles without hashing characters or
/// comparing strings; the families' own look-up costs about as much again per label. A symbol string the
/// cache has not seen, or cannot place, returns null and the caller takes the family look-up.</para>
/// <para>Thread-safe and lock-free to read: entries are immutable apart from handle fields that are set
/// once (a race sets the same series twice) and are published with a compare-and-swap. Bounded: at most
/// <see cref="Size"/> symbol instances are kept.</para>
/// </remarks>
internal sealed class SymbolSeriesCache
{
    /// <summary>The number of slots; a power of two.</summary>
    internal const int Size = 256;

    // How far past its home slot a symbol may be placed; beyond that it is simply not cached.
    private const int Probes = 8;

    private readonly Entry?[] _entries = new Entry?[Size];
    private readonly BotMetrics _metrics;

    public SymbolSeriesCache(BotMetrics metrics)
    {
        _metrics = metrics;
    }

    /// <summary>Returns the <c>bot_trades_opened_total</c> series of <paramref name="symbol"/>, or null when it is not cached.</summary>
    /// <param name="symbol">A non-empty symbol.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Counter? Opened(string symbol)
    {
        Entry? entry = Find(symbol);
        return entry is null ? null : entry.Opened ?? entry.CreateOpened(_metrics);
    }

    /// <summary>Returns the <c>bot_trades_closed_total</c> series of <paramref name="symbol"/> and <paramref name="result"/>, or null when it is not cached.</summary>
    /// <param name="symbol">A non-empty symbol.</param>
    /// <param name="result">A defined result.</param>
    /// <param name="resultLabel">The result's label value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Counter? Closed(string symbol, TradeResult result, string resultLabel)
    {
        Entry? entry = Find(symbol);
        return entry is null ? null : entry.Closed[(int)result] ?? entry.CreateClosed(_metrics, result, resultLabel);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Entry? Find(string symbol)
    {
        Entry?[] entries = _entries;
        int home = RuntimeHelpers.GetHashCode(symbol);
        for (int i = 0; i < Probes; i++)
        {
            Entry? entry = Volatile.Read(ref entries[(home + i) & (Size - 1)]);
            if (entry is null)
            {
                return Add(symbol, home);
            }

            if (ReferenceEquals(entry.Symbol, symbol))
            {
                return entry;
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Entry? Add(string symbol, int home)
    {
        var created = new Entry(symbol);
        for (int i = 0; i < Probes; i++)
        {
            Entry? seen = Interlocked.CompareExchange(ref _entries[(home + i) & (Size - 1)], created, null);
            if (seen is null || ReferenceEquals(seen.Symbol, symbol))
            {
                return seen ?? created;
            }
        }

        return null;
    }

    private sealed class Entry(string symbol)
    {
        public readonly string Symbol = symbol;

        // Set once each, on the symbol's first trade of that kind; null until then, so no zero series
        // appears for a result the symbol never had.
        public readonly Counter?[] Closed = new Counter?[3];

        public Counter? Opened;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public Counter CreateOpened(BotMetrics metrics) => Opened = metrics.TradesOpened.WithLabels(Symbol);

        [MethodImpl(MethodImplOptions.NoInlining)]
        public Counter CreateClosed(BotMetrics metrics, TradeResult result, string resultLabel) =>
            Closed[(int)result] = metrics.TradesClosed.WithLabels(Symbol, resultLabel);
    }
}
