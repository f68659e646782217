using System;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <content>Finding the caller's row: owner rows, the shared base row and the stripes.</content>
internal sealed partial class NativeHistogramStorage
{
    /// <summary>Gets the number of row slots <see cref="RowAt"/> answers for now.</summary>
    private int RowSlots => 5 + (Volatile.Read(ref _stripes)?.Length ?? 0);

    /// <summary>Row slot <paramref name="slot"/>: home, owners 1 to 3, base, then stripes; null for an unclaimed owner.</summary>
    private NativeRow? RowAt(int slot) => slot switch
    {
        0 => this,
        1 => Volatile.Read(ref _row1),
        2 => Volatile.Read(ref _row2),
        3 => Volatile.Read(ref _row3),
        4 => _base,
        _ => Volatile.Read(ref _stripes)![slot - 5],
    };

    /// <summary>Gets the shared base row, for tests that replay a writer preempted between its load and its increment.</summary>
    internal NativeRow BaseRow => _base;

    private static NativeRow NewRow(int schema) => new(Empty(schema), Empty(schema));

    /// <summary>Records for a thread that is neither owner 0 nor owner 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ObserveOther(int writer, double value)
    {
        if (OwnRowSlow(writer) is { } row)
        {
            ObserveOwned(row, value);
            return;
        }

        ObserveShared(value);
    }

    private NativeRow? OwnRowSlow(int writer)
    {
        if (writer == _owner2)
        {
            return _row2;
        }

        if (writer == _owner3)
        {
            return _row3;
        }

        if (writer == WriterId.Unowned)
        {
            return null;
        }

        if (Volatile.Read(ref _owner0) == 0 && Interlocked.CompareExchange(ref _owner0, writer, 0) == 0)
        {
            return this;
        }

        if (Volatile.Read(ref _owner3) != 0)
        {
            return null;
        }

        // As StripedCells: a thread that records many times in a row on the shared path claims a row, while
        // threads that merely touch the series stay on the shared one.
        if (_candidate != writer)
        {
            _candidate = writer;
            _streak = 1;
            return null;
        }

        return ++_streak < StripedCells.ClaimStreak ? null : Claim(writer);
    }

    private NativeRow? Claim(int writer)
    {
        lock (_lock)
        {
            _candidate = 0;
            var row = NewRow(_schema);
            if (_owner1 == 0)
            {
                Volatile.Write(ref _row1, row);
                Volatile.Write(ref _owner1, writer);
            }
            else if (_owner2 == 0)
            {
                Volatile.Write(ref _row2, row);
                Volatile.Write(ref _owner2, writer);
            }
            else if (_owner3 == 0)
            {
                Volatile.Write(ref _row3, row);
                Volatile.Write(ref _owner3, writer);
            }
            else
            {
                return null;
            }

            return row;
        }
    }

    /// <summary>Records into the base row, or the caller's stripe once striped: atomics only.</summary>
    private void ObserveShared(double value)
    {
        NativeRow[]? stripes = Volatile.Read(ref _stripes);
        NativeRow row = stripes is null ? _base : StripeFor(stripes);
        double magnitude = Math.Abs(value);
        if (magnitude > _zeroThreshold)
        {
            bool negative = value < 0;
            NativeWindow window = Volatile.Read(ref negative ? ref row.Negative : ref row.Positive);
            if (TryFind(window, magnitude, out int slot))
            {
                Interlocked.Increment(ref window.Counts[slot]);
            }
            else
            {
                ObserveSlow(row, magnitude, negative, owned: false);
            }
        }
        else
        {
            Interlocked.Increment(ref row.Zero);
        }

        // The count is in; the sum may land in another row (an owner row or a stripe), which the scrape adds
        // all the same.
        while (true)
        {
            long seen = Volatile.Read(ref row.SumBits);
            long next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
            if (Interlocked.CompareExchange(ref row.SumBits, next, seen) == seen)
            {
                return;
            }

            row = OnContention(out bool owned);
            if (owned)
            {
                // A fresh row of the caller's own, zero until it writes.
                Volatile.Write(ref row.SumBits, BitConverter.DoubleToInt64Bits(value));
                return;
            }
        }
    }

    /// <summary>
    /// After a failed compare-and-swap on a shared row: a free owner row for the caller if one is left
    /// (<paramref name="owned"/> true), else the caller's stripe, striping the series first if needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private NativeRow OnContention(out bool owned)
    {
        int writer = WriterId.Current;
        if (writer != WriterId.Unowned && Volatile.Read(ref _owner3) == 0 && Claim(writer) is { } row)
        {
            owned = true;
            return row;
        }

        owned = false;
        NativeRow[]? stripes = Volatile.Read(ref _stripes);
        if (stripes is null)
        {
            lock (_lock)
            {
                stripes = _stripes;
                if (stripes is null)
                {
                    stripes = new NativeRow[StripedCells.StripeCount];
                    for (int i = 0; i < stripes.Length; i++)
                    {
                        stripes[i] = NewRow(_schema);
                    }

                    Volatile.Write(ref _stripes, stripes);
                }
            }
        }

        return StripeFor(stripes);
    }

    private static NativeRow StripeFor(NativeRow[] stripes) =>
        stripes[Thread.GetCurrentProcessorId() & (stripes.Length - 1)];
}
