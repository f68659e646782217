using System;
using System.Buffers;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <content>The scrape: one read of every window (chains included), merged to the lowest schema seen.</content>
internal sealed partial class NativeHistogramStorage
{
    /// <summary>Reads the histogram into <paramref name="reading"/>, which keeps its rented arrays for reuse.</summary>
    /// <param name="reading">Receives the schema, zero bucket, sum, count and dense counts per sign.</param>
    /// <remarks>Lock-free: it never blocks recorders, nor a schema reduction in progress.</remarks>
    public void Read(ref NativeReading reading)
    {
        int schema = Volatile.Read(ref _schema);
        NativeWindow[] windows = ArrayPool<NativeWindow>.Shared.Rent(4 * RowSlots);
        try
        {
            // Pass 1: fix the windows this scrape uses (positive ones first), the zero count and sum, and the
            // lowest schema. Fixing them matters: an owner may replace its window by a copy at a lower schema
            // between the passes, and pass 2 must not see both, nor an index at a schema it did not plan for.
            int count = 0;
            long zero = 0;
            double sum = 0;
            int slots = RowSlots;
            for (int i = 0; i < slots; i++)
            {
                if (RowAt(i) is { } row)
                {
                    zero += Volatile.Read(ref row.Zero);
                    sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref row.SumBits));
                    Collect(ref windows, ref count, Volatile.Read(ref row.Positive), ref schema);
                }
            }

            int positives = count;
            for (int i = 0; i < slots; i++)
            {
                if (RowAt(i) is { } row)
                {
                    Collect(ref windows, ref count, Volatile.Read(ref row.Negative), ref schema);
                }
            }

            long buckets = Merge(windows.AsSpan(0, positives), negative: false, schema, ref reading)
                + Merge(windows.AsSpan(positives, count - positives), negative: true, schema, ref reading);
            reading.Schema = schema;
            reading.ZeroThreshold = _zeroThreshold;
            reading.ZeroCount = zero;
            reading.Sum = sum;
            reading.Count = zero + buckets;
        }
        finally
        {
            ArrayPool<NativeWindow>.Shared.Return(windows, clearArray: true);
        }
    }

    private static void Collect(ref NativeWindow[] windows, ref int count, NativeWindow? window, ref int schema)
    {
        for (; window is not null; window = window.Previous)
        {
            if (window.Counts.Length == 0)
            {
                continue;
            }

            if (count == windows.Length)
            {
                // Chains are short (bounded, see the type's remarks); growing is rare and scrape-side only.
                NativeWindow[] larger = ArrayPool<NativeWindow>.Shared.Rent(windows.Length * 2);
                windows.AsSpan(0, count).CopyTo(larger);
                ArrayPool<NativeWindow>.Shared.Return(windows, clearArray: true);
                windows = larger;
            }

            windows[count++] = window;
            schema = Math.Min(schema, window.Schema);
        }
    }

    private static long Merge(ReadOnlySpan<NativeWindow> windows, bool negative, int schema, ref NativeReading reading)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        foreach (NativeWindow window in windows)
        {
            int steps = window.Schema - schema;
            long[] counts = window.Counts;
            for (int i = 0; i < counts.Length; i++)
            {
                if (Volatile.Read(ref counts[i]) != 0)
                {
                    int index = NativeBucketIndex.Reduce(window.Base + i, steps);
                    lo = Math.Min(lo, index);
                    hi = Math.Max(hi, index);
                }
            }
        }

        if (hi < lo)
        {
            reading.Prepare(negative, 0, 0);
            return 0;
        }

        // Pass 2 reads the counts again: they may have grown, which is fine, because the total returned is
        // the sum of exactly what lands in the reading. A bucket that became non-zero after pass 1 outside
        // [lo, hi] is left for the next scrape.
        Span<long> merged = reading.Prepare(negative, lo, hi - lo + 1);
        long total = 0;
        foreach (NativeWindow window in windows)
        {
            int steps = window.Schema - schema;
            long[] counts = window.Counts;
            for (int i = 0; i < counts.Length; i++)
            {
                long value = Volatile.Read(ref counts[i]);
                int slot = NativeBucketIndex.Reduce(window.Base + i, steps) - lo;
                if (value != 0 && (uint)slot < (uint)merged.Length)
                {
                    merged[slot] += value;
                    total += value;
                }
            }
        }

        return total;
    }
}
