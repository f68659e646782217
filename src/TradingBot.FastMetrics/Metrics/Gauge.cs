using System;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A value that goes up and down: one series of a gauge family.</summary>
/// <remarks>
/// Thread-safe and allocation-free. <see cref="Set"/> is one store; <see cref="Add"/> is a compare-and-swap
/// loop on the double's bit pattern, since a gauge that is both set and added to cannot be split into
/// per-thread cells.
/// </remarks>
public sealed class Gauge : MetricSeries
{
    private long _bits;

    internal Gauge(MetricFamily family, string[] labelValues, bool isOverflow)
        : base(family, labelValues, isOverflow)
    {
    }

    /// <summary>Gets the current value.</summary>
    public double Value => BitConverter.Int64BitsToDouble(Volatile.Read(ref _bits));

    /// <summary>Sets the value.</summary>
    /// <param name="value">The new value; NaN and infinities are exported as such.</param>
    public void Set(double value) => Volatile.Write(ref _bits, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Adds one.</summary>
    public void Inc() => Add(1);

    /// <summary>Subtracts one.</summary>
    public void Dec() => Add(-1);

    /// <summary>Adds an amount, which may be negative.</summary>
    /// <param name="amount">The amount to add.</param>
    public void Add(double amount)
    {
        long current = Volatile.Read(ref _bits);
        while (true)
        {
            long next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + amount);
            long seen = Interlocked.CompareExchange(ref _bits, next, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
