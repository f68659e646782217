using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <summary>The native buckets of one histogram series: a bounded set of rows, merged at scrape time.</summary>
/// <remarks>
/// <para>Rows follow <see cref="StripedCells"/>: up to <see cref="MaxOwners"/> owner rows, each written by one
/// thread (found by its never-reused <see cref="WriterId"/>) with plain loads and stores; a shared base row
/// every other thread updates with <c>Interlocked</c> and compare-and-swap; and, on the first failed
/// compare-and-swap once every owner row is taken, per-processor stripes (<see cref="StripedCells.StripeCount"/>).
/// So a series holds at most <see cref="MaxRows"/> rows however many threads ever wrote it, with or without
/// a GC. A row holds a zero count, a sum and one <see cref="NativeWindow"/> per sign.</para>
/// <para>The fast path needs the row's window to cover the bucket already (its populated run); the window may
/// be at a schema above the current one, because the span check below always reduces runs to the current
/// schema. Anything else takes <see cref="ObserveSlow"/> under the series lock: it widens the run, checks the
/// span of populated buckets over all rows against the limit, lowers the schema (merging pairs) while the span
/// is too wide, and moves the writer's window to the current schema. An owner copies its window (it is the
/// only writer, so the old counts are final); a shared row links a new window in front of the old one, which
/// keeps its counts, because another thread's increment may still land in it.</para>
/// <para>Memory is bounded by a constant: owner windows hold at most <c>2 * max(MaxBucketCount, 140)</c>
/// counts per sign (a run never spans more than the limit, and at schema -4 the whole double range is under
/// 140 buckets). A shared chain grows only when its run leaves the array, which is twice the run it was made
/// for, so each new window at one schema covers at least 1.5 times the run of the last: at most
/// <c>log1.5(limit) + 2</c> windows and <c>6 * limit</c> counts per schema, and the schema only goes down,
/// through at most 13 values (8 to -4).</para>
/// <para>Owner 0's row is this object; its zero count and sum sit in a padded array (<see cref="NativeRow"/>),
/// not beside the owner ids every owner reads per record: two writers on one series record at 1.0x to 1.2x
/// one writer's time each, where unpadded fields gave 2.4x. Subnormal magnitudes, only above a zero
/// threshold below 2^-1022, always take the slow path.</para>
/// <para>A scrape reads every window once, merges all of them to the lowest schema seen, and derives the
/// count from the bucket counts it read, so <c>sample_count</c> always equals the zero count plus the
/// bucket counts, during a schema reduction too. The sum is read separately and may lead or trail by the
/// observations in flight.</para>
/// </remarks>
internal sealed partial class NativeHistogramStorage : NativeRow
{
    /// <summary>Most threads that write a series with plain stores.</summary>
    public const int MaxOwners = StripedCells.MaxOwners;

    private readonly double _zeroThreshold;
    private readonly int _maxBuckets;
    private readonly Lock _lock = new();
    private int _schema;

    // This object is owner 0's row (one load fewer per record than a row of its own); owner ids are
    // written once, after their row is published.
    private int _owner0;
    private int _owner1;
    private int _owner2;
    private int _owner3;
    private NativeRow? _row1;
    private NativeRow? _row2;
    private NativeRow? _row3;

    private readonly NativeRow _base;
    private NativeRow[]? _stripes;

    // A racy streak of shared records by one thread (plain stores: a lost update only delays a claim).
    private int _candidate;
    private int _streak;

    /// <summary>Creates empty storage.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="schema">The initial schema, from <see cref="NativeHistogramOptions.Validate"/>.</param>
    /// <param name="nativeOnly">Whether the histogram keeps no classic buckets.</param>
    public NativeHistogramStorage(NativeHistogramOptions options, int schema, bool nativeOnly)
        : base(Empty(schema), Empty(schema))
    {
        _zeroThreshold = options.ZeroThreshold;
        _maxBuckets = options.MaxBucketCount;
        _schema = schema;
        _base = NewRow(schema);
        NativeOnly = nativeOnly;
    }

    /// <summary>Gets the most rows a series can ever hold: base, owners and stripes.</summary>
    public static int MaxRows => 1 + MaxOwners + StripedCells.StripeCount;

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
        int writer = WriterId.Current;
        NativeRow row;
        if (writer == _owner0)
        {
            row = this;
        }
        else if (writer == _owner1)
        {
            row = _row1!;
        }
        else
        {
            ObserveOther(writer, value);
            return;
        }

        ObserveOwned(row, value);
    }

    /// <summary>Gets the number of observations so far (a plain sum over all rows).</summary>
    public long Count
    {
        get
        {
            long count = 0;
            for (int i = 0; i < RowSlots; i++)
            {
                if (RowAt(i) is { } row)
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
            for (int i = 0; i < RowSlots; i++)
            {
                if (RowAt(i) is { } row)
                {
                    sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref row.SumBits));
                }
            }

            return sum;
        }
    }

    /// <summary>Gets the number of rows now: base, claimed owners and stripes (for tests and diagnostics).</summary>
    internal int RowCount =>
        1 + (Volatile.Read(ref _owner0) != 0 ? 1 : 0) + (Volatile.Read(ref _row1) is null ? 0 : 1)
        + (Volatile.Read(ref _row2) is null ? 0 : 1) + (Volatile.Read(ref _row3) is null ? 0 : 1)
        + (Volatile.Read(ref _stripes)?.Length ?? 0);

    /// <summary>Records into a row only the calling thread writes: plain loads and stores.</summary>
    /// <remarks>
    /// One comparison of the absolute value against the threshold, then the sign picks the window. Every
    /// miss goes to one out-of-line call that finishes the record, sum included, so no value here lives
    /// across a call and the JIT spills none of them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ObserveOwned(NativeRow row, double value)
    {
        double magnitude = Math.Abs(value);
        if (magnitude > _zeroThreshold)
        {
            NativeWindow window = value < 0 ? row.Negative : row.Positive;
            if (!TryFind(window, magnitude, out int slot))
            {
                ObserveOwnedSlow(row, value);
                return;
            }

            ref long count = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(window.Counts), slot);
            Volatile.Write(ref count, count + 1);
        }
        else
        {
            Volatile.Write(ref row.Zero, row.Zero + 1);
        }

        Volatile.Write(ref row.SumBits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(row.SumBits) + value));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ObserveOwnedSlow(NativeRow row, double value)
    {
        ObserveSlow(row, Math.Abs(value), negative: value < 0, owned: true);
        Volatile.Write(ref row.SumBits, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(row.SumBits) + value));
    }

    /// <summary>Finds <paramref name="magnitude"/>'s count in <paramref name="window"/>; false outside its run.</summary>
    /// <remarks>Subnormal and infinite magnitudes are outside every run: the slow path indexes them.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFind(NativeWindow window, double magnitude, out int slot)
    {
        int index = NativeBucketIndex.OfNormal(magnitude, window.Schema, window.SliceOffset);
        long run = window.Run;
        slot = index - window.Base;
        return (uint)(index - (int)run) < (uint)(run >> 32);
    }

    private static long Total(NativeWindow? window)
    {
        long total = 0;
        for (; window is not null; window = window.Previous)
        {
            long[] counts = window.Counts;
            for (int i = 0; i < counts.Length; i++)
            {
                total += Volatile.Read(ref counts[i]);
            }
        }

        return total;
    }
}
