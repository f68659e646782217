using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <summary>The native buckets of one histogram series: lock-free per-thread rows, merged at scrape time.</summary>
/// <remarks>
/// <para>Each writing thread owns a row (found by its managed thread id, which the runtime reuses after a
/// thread exits, so the rows stay as few as the threads alive at once). A row holds a zero count, a sum and
/// one window per sign: a dense array of counts for a contiguous run of bucket indexes at one schema. Only
/// the owner writes its row, so a record is plain loads and stores, no atomic instruction and no lock.</para>
/// <para>The fast path needs the row's window to be at the current schema and to cover the bucket already
/// (the populated run <c>[Lo, Lo + Width)</c>). Anything else takes <see cref="ObserveSlow"/> under the
/// series lock: it widens the populated run, checks the span of populated buckets over all rows against
/// the limit, lowers the schema (merging pairs) while the span is too wide, and moves the owner's row to
/// the current schema. Other rows move when their owner next records; until then the scrape merges them
/// down itself. A window, once published, never changes schema, array or base, so a reader always pairs a
/// count with the right index.</para>
/// <para>A scrape reads every window once, merges all of them to the lowest schema seen, and derives the
/// count from the bucket counts it read, so <c>sample_count</c> always equals the zero count plus the
/// bucket counts, during a schema reduction too. The sum is read separately and may lead or trail by the
/// observations in flight.</para>
/// </remarks>
internal sealed partial class NativeHistogramStorage
{
    private readonly double _zeroThreshold;
    private readonly int _maxBuckets;
    private readonly Lock _lock = new();
    private int _schema;
    private Row?[] _rows = [];

    /// <summary>Creates empty storage.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="schema">The initial schema, from <see cref="NativeHistogramOptions.Validate"/>.</param>
    /// <param name="nativeOnly">Whether the histogram keeps no classic buckets.</param>
    public NativeHistogramStorage(NativeHistogramOptions options, int schema, bool nativeOnly)
    {
        _zeroThreshold = options.ZeroThreshold;
        _maxBuckets = options.MaxBucketCount;
        _schema = schema;
        NativeOnly = nativeOnly;
    }

    /// <summary>Gets whether the histogram keeps no classic buckets.</summary>
    public bool NativeOnly { get; }

    /// <summary>Gets the current schema; it only ever decreases.</summary>
    public int Schema => Volatile.Read(ref _schema);

    /// <summary>Gets the zero threshold.</summary>
    public double ZeroThreshold => _zeroThreshold;

    /// <summary>Records one observation, which is not NaN.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
        int id = Environment.CurrentManagedThreadId;
        Row?[] rows = _rows;
        Row? row = (uint)id < (uint)rows.Length ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), id) : null;
        if (row is null)
        {
            row = CreateRow(id);
        }

        if (value > _zeroThreshold)
        {
            if (!TryIncrement(row.Positive, value))
            {
                ObserveSlow(row, value, negative: false);
            }
        }
        else if (value < -_zeroThreshold)
        {
            if (!TryIncrement(row.Negative, -value))
            {
                ObserveSlow(row, -value, negative: true);
            }
        }
        else
        {
            Volatile.Write(ref row.Zero, row.Zero + 1);
        }

        Volatile.Write(ref row.SumBits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(row.SumBits) + value));
    }

    /// <summary>Gets the number of observations so far (a plain sum over all rows).</summary>
    public long Count
    {
        get
        {
            long count = 0;
            foreach (Row? row in Volatile.Read(ref _rows))
            {
                if (row is not null)
                {
                    count += Volatile.Read(ref row.Zero) + Total(Volatile.Read(ref row.Positive)) + Total(Volatile.Read(ref row.Negative));
                }
            }

            return count;
        }
    }

    /// <summary>Gets the sum of observations so far.</summary>
    public double Sum
    {
        get
        {
            double sum = 0;
            foreach (Row? row in Volatile.Read(ref _rows))
            {
                if (row is not null)
                {
                    sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref row.SumBits));
                }
            }

            return sum;
        }
    }

    /// <summary>Gets the number of rows (threads that have recorded, less reuse); for tests.</summary>
    internal int RowCount
    {
        get
        {
            int count = 0;
            foreach (Row? row in Volatile.Read(ref _rows))
            {
                count += row is null ? 0 : 1;
            }

            return count;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryIncrement(Window window, double magnitude)
    {
        int schema = window.Schema;
        if (schema != _schema)
        {
            return false;
        }

        int index = NativeBucketIndex.Of(magnitude, schema, window.Slices, window.Bounds);
        if ((uint)(index - window.Lo) >= (uint)window.Width)
        {
            return false;
        }

        ref long count = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(window.Counts), index - window.Base);
        Volatile.Write(ref count, count + 1);
        return true;
    }

    private static long Total(Window window)
    {
        long total = 0;
        foreach (long count in window.Counts)
        {
            total += count;
        }

        return total;
    }

    /// <summary>One thread's counts. Written only by its owner; read by scrapes.</summary>
    private sealed class Row(Window positive, Window negative)
    {
        // Replaced (never mutated in schema, array or base) by the owner under the series lock.
        public Window Positive = positive;
        public Window Negative = negative;
        public long Zero;
        public long SumBits;
    }

    /// <summary>Counts for bucket indexes <c>Base .. Base + Counts.Length - 1</c> at one schema.</summary>
    private sealed class Window(int schema, long[] counts, int @base)
    {
        public readonly int Schema = schema;
        public readonly long[] Counts = counts;
        public readonly int Base = @base;

        // The schema's index tables, kept here so the record path reaches them in one load.
        public readonly ushort[] Slices = NativeBucketIndex.SlicesOf(schema);
        public readonly double[] Bounds = NativeBucketIndex.BoundsOf(schema);

        // The populated run [Lo, Lo + Width): changed by the owner under the series lock, read by the
        // owner's fast path and by other writers under the lock. Scrapes do not use it.
        public int Lo;
        public int Width;
    }
}
