using System;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A monotonic total: one series of a counter family.</summary>
/// <remarks>
/// <para>Thread-safe, lock-free and allocation-free once warm. Whole-number increments go to an integer
/// cell and are exported as integers; fractional amounts go to a separate double cell, so
/// <see cref="Inc()"/> never needs a compare-and-swap. Storage is bounded however many threads write (see
/// <see cref="StripedCells"/>).</para>
/// <para>Past the integer range the total carries into floating point: an increment that would take a
/// cell past <see cref="long.MaxValue"/> is added to the double cell instead, and a scrape whose integer
/// sum would overflow does the same, so the exported total never wraps, never decreases and is exact up
/// to 2^63 - 1, then exact to double precision.</para>
/// <para>Negative, NaN and infinite amounts are dropped and counted in <c>fastmetrics_dropped_total</c>
/// (reasons <c>negative_increment</c>, <c>nan</c>, <c>infinite</c>); nothing here throws.</para>
/// </remarks>
public sealed class Counter : MetricSeries
{
    private const int WholeIndex = 0;
    private const int FractionIndex = 1;

    // Largest double below 2^63: larger whole amounts go to the double cell rather than overflow a long.
    private const double MaxWhole = 9.2233720368547748E+18;

    // Mutable struct, do not make readonly: claims and striping update it in place.
    private StripedCells _cells = new(2);

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

    /// <summary>Gets the storage, for tests of its bound.</summary>
    internal ref readonly StripedCells Cells => ref _cells;

    /// <summary>Adds one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Inc() => AddWhole(1);

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

        AddWhole(amount);
    }

    /// <summary>Adds an amount; a negative, NaN or infinite amount is dropped and counted.</summary>
    /// <param name="amount">The amount to add, zero or more.</param>
    public void Add(double amount)
    {
        if (!(amount >= 0) || !double.IsFinite(amount))
        {
            RecordDrop(double.IsNaN(amount) ? DropReason.NaN : double.IsInfinity(amount) ? DropReason.Infinite : DropReason.NegativeIncrement);
            return;
        }

        if (amount < MaxWhole && amount == Math.Floor(amount))
        {
            AddWhole((long)amount);
            return;
        }

        ref long row = ref _cells.OwnRow(WriterId.Current);
        if (Unsafe.IsNullRef(ref row))
        {
            AddFractionShared(amount);
            return;
        }

        ref long bits = ref Unsafe.Add(ref row, FractionIndex);
        Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(bits) + amount));
    }

    /// <summary>Reads the whole and fractional parts; the exporter writes an integer when the fraction is zero.</summary>
    internal void Read(out long whole, out double fraction)
    {
        var totals = default(Totals);
        _cells.ReadRows(ref totals);
        whole = totals.Whole;
        fraction = totals.Fraction;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddWhole(long amount)
    {
        ref long cell = ref _cells.OwnRow(WriterId.Current);
        if (!Unsafe.IsNullRef(ref cell))
        {
            // Only this thread writes its row: a plain add, published with a volatile store for scrapers.
            // Both are non-negative, so the sum overflowed exactly when it is negative.
            long next = cell + amount;
            if (next >= 0)
            {
                Volatile.Write(ref cell, next);
                return;
            }

            CarryOwned(ref cell, amount);
            return;
        }

        AddWholeShared(amount);
    }

    // The owner's integer cell would pass long.MaxValue: the amount goes to its double cell instead.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CarryOwned(ref long row, long amount)
    {
        ref long bits = ref Unsafe.Add(ref row, FractionIndex);
        Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(bits) + amount));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddWholeShared(long amount)
    {
        ref long shared = ref _cells.SharedRow();
        while (true)
        {
            long seen = Volatile.Read(ref shared);
            long next = seen + amount;
            if (next < 0)
            {
                AddFractionShared(amount);
                return;
            }

            if (Interlocked.CompareExchange(ref shared, next, seen) == seen)
            {
                return;
            }

            shared = ref _cells.OnContention(out bool owned);
            if (owned)
            {
                // A fresh row of our own, zero until we write it.
                Volatile.Write(ref shared, amount);
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddFractionShared(double amount) => _cells.AddSharedDouble(ref _cells.SharedRow(), FractionIndex, amount);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordDrop(DropReason reason) => Family.RecordDrop(reason);

    private struct Totals : IRowReader
    {
        public long Whole;
        public double Fraction;

        public void Add(ref long row)
        {
            long whole = Volatile.Read(ref row);

            // Cells are non-negative: a negative sum means the integer total passed long.MaxValue, and
            // that row's part is carried into the double instead.
            long next = Whole + whole;
            if (next >= 0)
            {
                Whole = next;
            }
            else
            {
                Fraction += whole;
            }

            Fraction += BitConverter.Int64BitsToDouble(Volatile.Read(ref Unsafe.Add(ref row, FractionIndex)));
        }
    }
}
