using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <content>The slow path: new rows, widening a window, and schema reduction, all under the series lock.</content>
internal sealed partial class NativeHistogramStorage
{
    private const int MinimumWindow = 8;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Row CreateRow(int id)
    {
        lock (_lock)
        {
            Row?[] rows = _rows;
            if ((uint)id < (uint)rows.Length && rows[id] is { } existing)
            {
                return existing;
            }

            int schema = _schema;
            var row = new Row(Empty(schema), Empty(schema));
            if ((uint)id >= (uint)rows.Length)
            {
                Array.Resize(ref rows, (int)BitOperations.RoundUpToPowerOf2((uint)id + 1));
            }
            else
            {
                rows = (Row?[])rows.Clone();
            }

            // A fresh array each time: scrapes iterate the one they read without a lock.
            rows[id] = row;
            Volatile.Write(ref _rows, rows);
            return row;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ObserveSlow(Row row, double magnitude, bool negative)
    {
        lock (_lock)
        {
            while (true)
            {
                int schema = _schema;
                if (row.Positive.Schema != schema || row.Negative.Schema != schema)
                {
                    MoveToSchema(row, schema);
                }

                Window window = negative ? row.Negative : row.Positive;
                int index = NativeBucketIndex.Of(magnitude, schema);
                int lo = window.Width == 0 ? index : Math.Min(window.Lo, index);
                int hi = window.Width == 0 ? index : Math.Max(window.Lo + window.Width - 1, index);
                if (schema > NativeBucketIndex.MinSchema && SpanWith(row, negative, lo, hi, schema) > _maxBuckets)
                {
                    // Too wide: halve the resolution and try again. Other owners follow on their next record.
                    Volatile.Write(ref _schema, schema - 1);
                    continue;
                }

                if (lo < window.Base || hi >= window.Base + window.Counts.Length)
                {
                    window = Widen(window, lo, hi);
                    if (negative)
                    {
                        Volatile.Write(ref row.Negative, window);
                    }
                    else
                    {
                        Volatile.Write(ref row.Positive, window);
                    }
                }

                window.Lo = lo;
                window.Width = hi - lo + 1;
                ref long count = ref window.Counts[index - window.Base];
                Volatile.Write(ref count, count + 1);
                return;
            }
        }
    }

    /// <summary>The span of populated indexes over all rows at <paramref name="schema"/>, both signs, with one run replaced.</summary>
    private int SpanWith(Row row, bool negative, int lo, int hi, int schema)
    {
        int posLo = int.MaxValue, posHi = int.MinValue, negLo = int.MaxValue, negHi = int.MinValue;
        foreach (Row? other in _rows)
        {
            if (other is null)
            {
                continue;
            }

            Extend(other.Positive, schema, ref posLo, ref posHi);
            Extend(other.Negative, schema, ref negLo, ref negHi);
        }

        if (negative)
        {
            negLo = Math.Min(negLo, lo);
            negHi = Math.Max(negHi, hi);
        }
        else
        {
            posLo = Math.Min(posLo, lo);
            posHi = Math.Max(posHi, hi);
        }

        // Spans are at most a few hundred thousand indexes apart, so the sum cannot overflow.
        int span = posHi >= posLo ? posHi - posLo + 1 : 0;
        return span + (negHi >= negLo ? negHi - negLo + 1 : 0);
    }

    private static void Extend(Window window, int schema, ref int lo, ref int hi)
    {
        if (window.Width == 0)
        {
            return;
        }

        int steps = window.Schema - schema;
        lo = Math.Min(lo, NativeBucketIndex.Reduce(window.Lo, steps));
        hi = Math.Max(hi, NativeBucketIndex.Reduce(window.Lo + window.Width - 1, steps));
    }

    /// <summary>Moves the caller's own row to <paramref name="schema"/>, merging its buckets; only its owner calls this.</summary>
    private static void MoveToSchema(Row row, int schema)
    {
        Volatile.Write(ref row.Positive, Reduce(row.Positive, schema));
        Volatile.Write(ref row.Negative, Reduce(row.Negative, schema));
    }

    private static Window Reduce(Window window, int schema)
    {
        if (window.Schema == schema)
        {
            return window;
        }

        if (window.Width == 0)
        {
            return Empty(schema);
        }

        int steps = window.Schema - schema;
        int lo = NativeBucketIndex.Reduce(window.Lo, steps);
        int hi = NativeBucketIndex.Reduce(window.Lo + window.Width - 1, steps);
        Window reduced = Allocate(schema, lo, hi);

        // The owner is the only writer and it is here, so the old counts are final.
        for (int index = window.Lo; index < window.Lo + window.Width; index++)
        {
            reduced.Counts[NativeBucketIndex.Reduce(index, steps) - reduced.Base] += window.Counts[index - window.Base];
        }

        reduced.Lo = lo;
        reduced.Width = hi - lo + 1;
        return reduced;
    }

    private static Window Widen(Window window, int lo, int hi)
    {
        Window wider = Allocate(window.Schema, lo, hi);
        if (window.Width > 0)
        {
            Array.Copy(window.Counts, window.Lo - window.Base, wider.Counts, window.Lo - wider.Base, window.Width);
        }

        return wider;
    }

    // Room for the run plus as much again around it, so a drifting distribution rarely widens twice.
    private static Window Allocate(int schema, int lo, int hi)
    {
        int width = hi - lo + 1;
        int capacity = Math.Max(MinimumWindow, width * 2);
        return new Window(schema, new long[capacity], lo - ((capacity - width) / 2));
    }

    private static Window Empty(int schema) => new(schema, [], 0);
}
