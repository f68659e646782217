using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A histogram family's validated upper bounds and the bucket search over them.</summary>
internal sealed class HistogramBounds
{
    /// <summary>At or below this many bounds a linear scan beats a binary search (see BucketSearchBenchmarks).</summary>
    internal const int LinearScanLimit = 32;

    private readonly double[] _bounds;

    public HistogramBounds(double[] bounds)
    {
        _bounds = bounds;
    }

    /// <summary>Gets the finite upper bounds; the <c>+Inf</c> bucket has index <see cref="Count"/>.</summary>
    public ReadOnlySpan<double> Values => _bounds;

    /// <summary>Gets the number of finite bounds.</summary>
    public int Count => _bounds.Length;

    /// <summary>Returns the index of the first bucket whose upper bound is at least <paramref name="value"/>.</summary>
    /// <remarks>The value is not NaN; a value above every bound lands in the <c>+Inf</c> bucket.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindBucket(double value)
    {
        double[] bounds = _bounds;
        if (bounds.Length <= LinearScanLimit)
        {
            ref double first = ref MemoryMarshal.GetArrayDataReference(bounds);
            int i = 0;
            while (i < bounds.Length && value > Unsafe.Add(ref first, i))
            {
                i++;
            }

            return i;
        }

        return FindBucketBinary(bounds, value);
    }

    internal static int FindBucketBinary(double[] bounds, double value)
    {
        int lo = 0;
        int hi = bounds.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (value > bounds[mid])
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Tells whether the bounds equal <paramref name="other"/> exactly.</summary>
    public bool SequenceEqual(ReadOnlySpan<double> other) => _bounds.AsSpan().SequenceEqual(other);
}
