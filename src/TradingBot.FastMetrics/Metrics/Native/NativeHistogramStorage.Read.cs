using System;
using System.Buffers;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <content>The scrape: one read of every window, merged to the lowest schema seen.</content>
internal sealed partial class NativeHistogramStorage
{
    /// <summary>Reads the histogram into <paramref name="reading"/>, which keeps its rented arrays for reuse.</summary>
    /// <param name="reading">Receives the schema, zero bucket, sum, count and dense counts per sign.</param>
    /// <remarks>Lock-free: it never blocks recorders, nor a schema reduction in progress.</remarks>
    public void Read(ref NativeReading reading)
    {
        Row?[] rows = Volatile.Read(ref _rows);
        int schema = Volatile.Read(ref _schema);
        Window[] windows = ArrayPool<Window>.Shared.Rent(Math.Max(2, rows.Length * 2));
        try
        {
            // Pass 1: fix the windows this scrape uses, the zero count and sum, and the lowest schema.
            int count = 0;
            long zero = 0;
            double sum = 0;
            foreach (Row? row in rows)
            {
                if (row is null)
                {
                    continue;
                }

                zero += Volatile.Read(ref row.Zero);
                sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref row.SumBits));
                Window positive = Volatile.Read(ref row.Positive);
                Window negative = Volatile.Read(ref row.Negative);
                windows[count++] = positive;
                windows[count++] = negative;
                schema = Math.Min(schema, Math.Min(positive.Schema, negative.Schema));
            }

            // Even indexes are positive windows, odd ones negative.
            long buckets = Merge(windows.AsSpan(0, count), 0, schema, ref reading)
                + Merge(windows.AsSpan(0, count), 1, schema, ref reading);
            reading.Schema = schema;
            reading.ZeroThreshold = _zeroThreshold;
            reading.ZeroCount = zero;
            reading.Sum = sum;
            reading.Count = zero + buckets;
        }
        finally
        {
            ArrayPool<Window>.Shared.Return(windows, clearArray: true);
        }
    }

    private static long Merge(ReadOnlySpan<Window> windows, int sign, int schema, ref NativeReading reading)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        for (int w = sign; w < windows.Length; w += 2)
        {
            Window window = windows[w];
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

        bool negative = sign == 1;
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
        for (int w = sign; w < windows.Length; w += 2)
        {
            Window window = windows[w];
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
