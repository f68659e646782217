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
/// <para>Past the integer range the total carries into floating point: an amount (<see cref="Inc(long)"/>,
/// <see cref="Add"/>) that would take a cell past <see cref="long.MaxValue"/> is added to the double cell
/// instead, and a scrape whose integer sum would pass it does the same, so the exported total never wraps,
/// never decreases and is exact up to 2^63 - 1, then exact to double precision. <see cref="Inc()"/> skips
/// the test: cells are read as unsigned, so it would take 2^63 calls to wrap one.</para>
/// <para>Negative, NaN and infinite amounts are dropped and counted in <c>fastmetrics_dropped_total</c>
/// (reasons <c>negative_increment</c>, <c>nan</c>, <c>infinite</c>); nothing here throws.</para>
/// </remarks>
public sealed class Counter : MetricSeries
{
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
    public void Inc() => _cells.Write(default(AddOne));

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

        _cells.Write(new AddWhole(amount));
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
            _cells.Write(new AddWhole((long)amount));
            return;
        }

        _cells.Write(new AddFraction(amount));
    }

    /// <summary>Reads the whole and fractional parts; the exporter writes an integer when the fraction is zero.</summary>
    internal void Read(out long whole, out double fraction)
    {
        var totals = default(Totals);
        _cells.ReadRows(ref totals);
        whole = totals.Whole;
        fraction = totals.Fraction;
    }

    // The shared integer cell: compare-and-swap, carrying into the double cell past long.MaxValue, and
    // moving to an owner row or a stripe when a swap fails.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddWholeShared(ref StripedCells cells, ulong amount)
    {
        ref long shared = ref cells.SharedRow();
        while (true)
        {
            ulong seen = (ulong)Volatile.Read(ref shared);
            if (seen > long.MaxValue - amount)
            {
                cells.AddSharedDouble(ref cells.SharedRow(), FractionIndex, amount);
                return;
            }

            if (Interlocked.CompareExchange(ref shared, (long)(seen + amount), (long)seen) == (long)seen)
            {
                return;
            }

            shared = ref cells.OnContention(out bool owned);
            if (owned)
            {
                // A fresh row of our own, zero until we write it.
                Volatile.Write(ref shared, (long)amount);
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddFractionShared(ref StripedCells cells, double amount) =>
        cells.AddSharedDouble(ref cells.SharedRow(), FractionIndex, amount);

    // The owner's integer cell would pass long.MaxValue: the amount goes to its double cell instead.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CarryOwned(ref long row, ulong amount) => AddOwnedDouble(ref row, amount);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddOwnedDouble(ref long row, double amount)
    {
        ref long bits = ref Unsafe.Add(ref row, FractionIndex);
        Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(bits) + amount));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordDrop(DropReason reason) => Family.RecordDrop(reason);

    // Inc() has no overflow test, the one branch its record would otherwise add. A cell is read as unsigned,
    // and every other add leaves it at most long.MaxValue or leaves it alone, so a wrap past ulong.MaxValue
    // takes 2^63 calls of Inc(): 292 years at one per nanosecond.
    private readonly struct AddOne : IRowWriter
    {
        public void Owned(ref long row) => Volatile.Write(ref row, row + 1);

        public void Shared(ref StripedCells cells) => AddWholeShared(ref cells, 1);
    }

    private readonly struct AddWhole(long amount) : IRowWriter
    {
        private readonly ulong _amount = (ulong)amount;

        public void Owned(ref long row)
        {
            ulong cell = (ulong)row;
            if (cell > long.MaxValue - _amount)
            {
                CarryOwned(ref row, _amount);
                return;
            }

            // Only this thread writes its row: a plain add, published with a volatile store for scrapers.
            Volatile.Write(ref row, (long)(cell + _amount));
        }

        public void Shared(ref StripedCells cells) => AddWholeShared(ref cells, _amount);
    }

    private readonly struct AddFraction(double amount) : IRowWriter
    {
        private readonly double _amount = amount;

        public void Owned(ref long row) => AddOwnedDouble(ref row, _amount);

        public void Shared(ref StripedCells cells) => AddFractionShared(ref cells, _amount);
    }

    private struct Totals : IRowReader
    {
        public long Whole;
        public double Fraction;

        public void Add(ref long row)
        {
            // Cells hold unsigned counts. A row, or a sum of rows, past long.MaxValue is carried into the
            // double instead.
            ulong whole = (ulong)Volatile.Read(ref row);
            long next = Whole + (long)whole;
            if (whole <= long.MaxValue && next >= 0)
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
