using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TradingBot.FastMetrics.Metrics.Native;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>A histogram family's validated upper bounds and the bucket search over them.</summary>
internal sealed class HistogramBounds
{
    /// <summary>At or below this many (padded) bounds a vector count beats a binary search.</summary>
    /// <remarks>
    /// BucketSearchBenchmarks on the 2-core CI machine, values spread over all buckets: 16 bounds, vector
    /// 2.0 ns against binary 2.7 ns; 32 bounds, vector 3.4 ns against binary 2.9 ns; a branchy linear
    /// scan is slower than both from 8 bounds up (2.4 ns against 1.3 ns vector).
    /// </remarks>
    internal const int VectorScanLimit = 24;

    private readonly double[] _bounds;

    // The bounds padded with +Inf to a whole number of Vector256 lanes: no value (NaN is filtered
    // before) is greater than +Inf, so the padding never counts.
    private readonly double[] _padded;

    public HistogramBounds(double[] bounds)
    {
        _bounds = bounds;
        _padded = new double[(bounds.Length + 3) & ~3];
        _padded.AsSpan().Fill(double.PositiveInfinity);
        bounds.CopyTo(_padded, 0);
    }

    /// <summary>Gets the finite upper bounds; the <c>+Inf</c> bucket has index <see cref="Count"/>.</summary>
    public ReadOnlySpan<double> Values => _bounds;

    /// <summary>Gets the native bucket options when the family keeps native buckets; null for classic only.</summary>
    public NativeHistogramOptions? Native { get; init; }

    /// <summary>Gets whether the family keeps native buckets only (no classic bounds).</summary>
    public bool NativeOnly { get; init; }

    /// <summary>Gets the number of finite bounds.</summary>
    public int Count => _bounds.Length;

    /// <summary>Returns the index of the first bucket whose upper bound is at least <paramref name="value"/>.</summary>
    /// <remarks>
    /// The value is not NaN; a value above every bound lands in the <c>+Inf</c> bucket. As bounds are sorted,
    /// that index is the number of bounds below the value, which a vector compare counts without the
    /// unpredictable branch that ends a linear scan (values spread over buckets mispredict it every time).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindBucket(double value)
    {
        double[] padded = _padded;
        if (padded.Length <= VectorScanLimit && Vector256.IsHardwareAccelerated)
        {
            return CountBelowVector256(padded, value);
        }

        return FindBucketSlow(value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FindBucketSlow(double value) =>
        _padded.Length <= VectorScanLimit ? CountBelowScalar(_bounds, value) : FindBucketBinary(_bounds, value);

    internal static int CountBelowVector256(double[] padded, double value)
    {
        ref double first = ref MemoryMarshal.GetArrayDataReference(padded);
        Vector256<double> probe = Vector256.Create(value);
        int count = 0;
        for (int i = 0; i < padded.Length; i += Vector256<double>.Count)
        {
            Vector256<double> bounds = Vector256.LoadUnsafe(ref first, (nuint)i);
            count += BitOperations.PopCount(Vector256.GreaterThan(probe, bounds).ExtractMostSignificantBits());
        }

        return count;
    }

    internal static int CountBelowScalar(double[] bounds, double value)
    {
        int count = 0;
        foreach (double bound in bounds)
        {
            count += value > bound ? 1 : 0;
        }

        return count;
    }

    internal static int FindBucketLinear(double[] bounds, double value)
    {
        int i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        return i;
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
