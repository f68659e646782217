using System;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A monotonic total: one series of a counter family.</summary>
/// <remarks>
/// Thread-safe, lock-free and allocation-free. Whole-number increments go to an integer cell and are
/// exported as integers; fractional amounts go to a separate double cell, so <see cref="Inc()"/> never
/// needs a compare-and-swap. Negative and NaN amounts are dropped and counted in
/// <c>fastmetrics_dropped_total</c>; nothing here throws.
/// </remarks>
public sealed class Counter : MetricSeries
{
    private const int WholeIndex = 0;
    private const int FractionIndex = 1;

    // Largest double below 2^63: larger whole amounts go to the double cell rather than overflow a long.
    private const double MaxWhole = 9.2233720368547748E+18;

    // Mutable struct, do not make readonly: its slow path updates the row table in place.
    private ThreadCells _cells = new(2);

    internal Counter(MetricFamily family, string[] labelValues, bool isOverflow)
        : base(family, labelValues, isOverflow)
    {
    }

    /// <summary>Gets the current total.</summary>
    public double Value
    {
        get
        {
            Read(out long whole, out double fraction);
            return whole + fraction;
        }
    }

    /// <summary>Adds one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Inc()
    {
        ref long cell = ref ThreadCells.Value(_cells.GetRow(), WholeIndex);

        // Only this thread writes its row: a plain add, published with a volatile store for scrapers.
        Volatile.Write(ref cell, cell + 1);
    }

    /// <summary>Adds a whole amount; a negative amount is dropped and counted.</summary>
    /// <param name="amount">The amount to add, zero or more.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Inc(long amount)
    {
        if (amount < 0)
        {
            RecordDrop(DropReason.NegativeIncrement);
            return;
        }

        ref long cell = ref ThreadCells.Value(_cells.GetRow(), WholeIndex);
        Volatile.Write(ref cell, cell + amount);
    }

    /// <summary>Adds an amount; a negative or NaN amount is dropped and counted.</summary>
    /// <param name="amount">The amount to add, zero or more.</param>
    public void Add(double amount)
    {
        if (!(amount >= 0))
        {
            RecordDrop(double.IsNaN(amount) ? DropReason.NaN : DropReason.NegativeIncrement);
            return;
        }

        long[] row = _cells.GetRow();
        if (amount < MaxWhole && amount == Math.Floor(amount))
        {
            ref long whole = ref ThreadCells.Value(row, WholeIndex);
            Volatile.Write(ref whole, whole + (long)amount);
            return;
        }

        ref long bits = ref ThreadCells.Value(row, FractionIndex);
        Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(bits) + amount));
    }

    /// <summary>Reads the whole and fractional parts; the exporter writes an integer when the fraction is zero.</summary>
    internal void Read(out long whole, out double fraction)
    {
        _cells.SumLongAndDouble(WholeIndex, FractionIndex, out whole, out fraction);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordDrop(DropReason reason) => Family.RecordDrop(reason);
}
