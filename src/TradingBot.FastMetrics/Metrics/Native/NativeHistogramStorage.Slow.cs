using System;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <content>The slow path: widening a window and schema reduction, under the series lock.</content>
internal sealed partial class NativeHistogramStorage
{
    private const int MinimumWindow = 8;

    // Schemas 8 down to -4.
    private const int SchemaCount = NativeBucketIndex.MaxSchema - NativeBucketIndex.MinSchema + 1;

    // Every positive double (2^-1074 to MaxValue; +Inf counts as MaxValue) falls in indexes -67 to 64 at
    // schema -4, 132 buckets, so no run is wider than this even where the limit no longer applies.
    private const int MinSchemaRange = 140;

    // One empty window per schema, shared by every series: a window with no counts is never written (its
    // run stays empty, so the slow path always replaces it), so sharing it is safe and saves two arrays
    // and two windows per row.
    private static readonly NativeWindow[] s_empty = BuildEmpty();

    /// <summary>Records outside the window's run: widens it, reduces the schema while the span is too wide, and records.</summary>
    /// <param name="row">The caller's row.</param>
    /// <param name="magnitude">The absolute value, above the zero threshold.</param>
    /// <param name="negative">Whether the value was negative.</param>
    /// <param name="owned">Whether only the caller writes <paramref name="row"/> (plain stores, windows copied) or it is shared (atomics, windows chained).</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ObserveSlow(NativeRow row, double magnitude, bool negative, bool owned)
    {
        lock (_lock)
        {
            while (true)
            {
                int schema = _schema;
                NativeWindow window = negative ? row.Negative : row.Positive;
                int index = NativeBucketIndex.Of(magnitude, schema);
                int lo = index, hi = index;
                if (window.Width > 0)
                {
                    int steps = window.Schema - schema;
                    lo = Math.Min(lo, NativeBucketIndex.Reduce(window.Lo, steps));
                    hi = Math.Max(hi, NativeBucketIndex.Reduce(window.Hi, steps));
                }

                if (schema > NativeBucketIndex.MinSchema && SpanWith(negative, lo, hi, schema) > _maxBuckets)
                {
                    // Too wide: halve the resolution and try again. Other rows follow when they next miss
                    // their window; until then the span check and the scrape reduce their runs themselves.
                    Volatile.Write(ref _schema, schema - 1);
                    continue;
                }

                if (window.Schema != schema || lo < window.Base || hi >= window.Base + window.Counts.Length)
                {
                    window = owned ? Rebuild(window, schema, lo, hi) : Allocate(schema, lo, hi, Chain(window));
                    window.SetRun(lo, hi);
                    if (negative)
                    {
                        Volatile.Write(ref row.Negative, window);
                    }
                    else
                    {
                        Volatile.Write(ref row.Positive, window);
                    }
                }
                else
                {
                    window.SetRun(lo, hi);
                }

                ref long count = ref window.Counts[index - window.Base];
                if (owned)
                {
                    Volatile.Write(ref count, count + 1);
                }
                else
                {
                    Interlocked.Increment(ref count);
                }

                return;
            }
        }
    }

    /// <summary>The span of populated indexes over all rows at <paramref name="schema"/>, both signs, with <c>[lo, hi]</c> added to one sign.</summary>
    private int SpanWith(bool negative, int lo, int hi, int schema)
    {
        int posLo = int.MaxValue, posHi = int.MinValue, negLo = int.MaxValue, negHi = int.MinValue;
        for (int i = 0; i < RowSlots; i++)
        {
            if (RowAt(i) is { } row)
            {
                // Heads only: a superseded window's run lies inside its successor's, reduced.
                Extend(row.Positive, schema, ref posLo, ref posHi);
                Extend(row.Negative, schema, ref negLo, ref negHi);
            }
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

    private static void Extend(NativeWindow window, int schema, ref int lo, ref int hi)
    {
        long run = window.Run;
        int width = (int)(run >> 32);
        if (width == 0)
        {
            return;
        }

        int steps = window.Schema - schema;
        lo = Math.Min(lo, NativeBucketIndex.Reduce((int)run, steps));
        hi = Math.Max(hi, NativeBucketIndex.Reduce((int)run + width - 1, steps));
    }

    /// <summary>An owner's window moved to <paramref name="schema"/> and widened to <c>[lo, hi]</c>, counts merged in.</summary>
    /// <remarks>The owner is the only writer and it is here, so the old counts are final and a copy is exact.</remarks>
    private static NativeWindow Rebuild(NativeWindow window, int schema, int lo, int hi)
    {
        NativeWindow rebuilt = Allocate(schema, lo, hi, previous: null);
        int steps = window.Schema - schema;
        long[] counts = window.Counts;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                rebuilt.Counts[NativeBucketIndex.Reduce(window.Base + i, steps) - rebuilt.Base] += counts[i];
            }
        }

        return rebuilt;
    }

    // A shared window that is replaced stays in the chain, since a writer may still be incrementing it; an
    // empty one has no counts and is never written, so it is left out.
    private static NativeWindow? Chain(NativeWindow window) => window.Counts.Length == 0 ? window.Previous : window;

    // Room for the run plus as much again around it, so a drifting distribution rarely widens twice.
    private static NativeWindow Allocate(int schema, int lo, int hi, NativeWindow? previous)
    {
        int width = hi - lo + 1;
        int capacity = Math.Max(MinimumWindow, width * 2);
        return new NativeWindow(schema, new long[capacity], lo - ((capacity - width) / 2), previous);
    }

    /// <summary>Gets the count slots every window of every row holds now, chains included (for tests of the bound).</summary>
    internal long CountSlots
    {
        get
        {
            long slots = 0;
            for (int i = 0; i < RowSlots; i++)
            {
                if (RowAt(i) is { } row)
                {
                    for (NativeWindow? w = Volatile.Read(ref row.Positive); w is not null; w = w.Previous)
                    {
                        slots += w.Counts.Length;
                    }

                    for (NativeWindow? w = Volatile.Read(ref row.Negative); w is not null; w = w.Previous)
                    {
                        slots += w.Counts.Length;
                    }
                }
            }

            return slots;
        }
    }

    /// <summary>The most count slots a series can hold, however it is written (see the type's remarks).</summary>
    /// <param name="maxBuckets">The span limit, <see cref="NativeHistogramOptions.MaxBucketCount"/>.</param>
    /// <returns>The bound, in counts (8 bytes each).</returns>
    /// <remarks>
    /// A run is at most <c>w = max(maxBuckets, MinSchemaRange)</c> wide. An owner window holds at most
    /// <c>max(8, 2w)</c> counts per sign. A shared chain, at one schema, starts at any run and each successor's
    /// run is more than 1.5 times the last (it leaves an array twice the old run, centred), so its capacities
    /// sum to at most <c>2w * (1 + 2/3 + 4/9 + ...) + 8 = 6w + 8</c>; a row passes through at most
    /// <see cref="SchemaCount"/> schemas.
    /// </remarks>
    internal static long MaxCountSlots(int maxBuckets)
    {
        long w = Math.Max(maxBuckets, MinSchemaRange);
        long owner = Math.Max(MinimumWindow, 2 * w);
        long shared = SchemaCount * ((6 * w) + MinimumWindow);
        return 2 * ((MaxOwners * owner) + ((1 + StripedCells.StripeCount) * shared));
    }

    private static NativeWindow Empty(int schema) => s_empty[schema - NativeBucketIndex.MinSchema];

    private static NativeWindow[] BuildEmpty()
    {
        var empty = new NativeWindow[NativeBucketIndex.MaxSchema - NativeBucketIndex.MinSchema + 1];
        for (int i = 0; i < empty.Length; i++)
        {
            empty[i] = new NativeWindow(i + NativeBucketIndex.MinSchema, [], 0, previous: null);
        }

        return empty;
    }
}
