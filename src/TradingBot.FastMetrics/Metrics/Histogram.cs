using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using TradingBot.FastMetrics.Metrics.Cells;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>Counts observations into explicit buckets and sums them: one series of a histogram family.</summary>
/// <remarks>
/// <para>Thread-safe, lock-free and allocation-free. Each writing thread has its own row of bucket counts
/// and a sum, so concurrent observers never share a cache line.</para>
/// <para>A scrape is always self-consistent: it reads each bucket's count once, derives the cumulative
/// buckets and <c>_count</c> from those same reads, so <c>le="+Inf"</c> equals <c>_count</c> and buckets never
/// decrease. <c>_sum</c> is read separately and may trail or lead the counts by observations in flight.</para>
/// <para>NaN observations are dropped and counted in <c>fastmetrics_dropped_total</c>.</para>
/// <para>A histogram created with <see cref="NativeHistogramOptions"/> also keeps native buckets, written only
/// in the protobuf format: the text formats (0.0.4 and OpenMetrics 1.0) show a hybrid histogram's classic
/// buckets, and a native-only histogram as <c>_count</c> and <c>_sum</c> only.</para>
/// </remarks>
public sealed class Histogram : MetricSeries
{
    private static readonly double s_secondsPerTick = 1.0 / Stopwatch.Frequency;

    private readonly HistogramBounds _bounds;
    // Mutable struct, do not make readonly: its slow path updates the row table in place.
    private ThreadCells _cells;
    private readonly int _sumIndex;

    internal Histogram(MetricFamily family, string[] labelValues, bool isOverflow, HistogramBounds bounds)
        : base(family, labelValues, isOverflow)
    {
        _bounds = bounds;
        _sumIndex = bounds.Count + 1;

        // One count per finite bound, one for +Inf, then the sum's bits.
        _cells = new ThreadCells(bounds.Count + 2);
    }

    /// <summary>Gets the finite upper bounds of the buckets.</summary>
    public ReadOnlySpan<double> Bounds => _bounds.Values;

    /// <summary>Gets the number of observations so far.</summary>
    public long Count
    {
        get
        {
            if (Native is { NativeOnly: true } native)
            {
                return native.Count;
            }

            Span<long> counts = _bounds.Count < 64 ? stackalloc long[_bounds.Count + 1] : new long[_bounds.Count + 1];
            ReadBuckets(counts);
            long count = 0;
            foreach (long bucket in counts)
            {
                count += bucket;
            }

            return count;
        }
    }

    /// <summary>Gets the sum of observations so far.</summary>
    public double Sum => Native is { NativeOnly: true } native ? native.Sum : _cells.SumDouble(_sumIndex);

    /// <summary>The native buckets, when the family asked for them; null for a classic histogram.</summary>
    internal NativeHistogramStorage? Native { get; init; }

    internal HistogramBounds BoundsInfo => _bounds;

    /// <summary>Records one observation.</summary>
    /// <param name="value">The observed value; NaN is dropped and counted.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            RecordNaN();
            return;
        }

        if (Native is { } native)
        {
            native.Observe(value);
            if (native.NativeOnly)
            {
                return;
            }
        }

        int bucket = _bounds.FindBucket(value);
        long[] row = _cells.GetRow();
        ref long count = ref ThreadCells.Value(row, bucket);
        Volatile.Write(ref count, count + 1);
        ref long sum = ref ThreadCells.Value(row, _sumIndex);
        Volatile.Write(ref sum, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(sum) + value));
    }

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings the caller already holds.</summary>
    /// <param name="startTimestamp">The earlier timestamp.</param>
    /// <param name="endTimestamp">The later timestamp.</param>
    /// <param name="unit">The unit the histogram's bounds are in.</param>
    public void ObserveDuration(long startTimestamp, long endTimestamp, DurationUnit unit = DurationUnit.Seconds)
    {
        double seconds = (endTimestamp - startTimestamp) * s_secondsPerTick;
        Observe(unit switch
        {
            DurationUnit.Milliseconds => seconds * 1e3,
            DurationUnit.Microseconds => seconds * 1e6,
            _ => seconds,
        });
    }

    /// <summary>Starts a timer that observes the elapsed time when disposed.</summary>
    /// <param name="unit">The unit the histogram's bounds are in.</param>
    /// <returns>A timer to dispose when the operation ends; it allocates nothing.</returns>
    public HistogramTimer StartTimer(DurationUnit unit = DurationUnit.Seconds) => new(this, unit);

    /// <summary>Reads the per-bucket (not cumulative) counts, the last one for <c>+Inf</c>.</summary>
    /// <param name="counts">Receives <c>Bounds.Length + 1</c> counts.</param>
    internal void ReadBuckets(Span<long> counts)
    {
        if (Native is { NativeOnly: true } native)
        {
            counts[0] = native.Count;
            return;
        }

        _cells.SumLongs(counts[..(_bounds.Count + 1)]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordNaN() => Family.RecordDrop(DropReason.NaN);
}
