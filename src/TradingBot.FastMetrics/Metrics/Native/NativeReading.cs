using System;
using System.Buffers;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <summary>One scrape's read of a native histogram: schema, zero bucket, and dense bucket counts per sign.</summary>
/// <remarks>
/// <see cref="Count"/> is the zero count plus every bucket count read here, so the invariant
/// <c>sample_count == zero_count + sum of buckets</c> holds by construction. <see cref="Sum"/> is read
/// separately and may lead or trail the counts by observations in flight. The bucket arrays are rented
/// from <see cref="ArrayPool{T}"/>; call <see cref="Dispose"/> to return them.
/// </remarks>
internal struct NativeReading : IDisposable
{
    private long[]? _positive;
    private long[]? _negative;

    /// <summary>Gets the schema every index here is at.</summary>
    public int Schema { get; internal set; }

    /// <summary>Gets the zero threshold.</summary>
    public double ZeroThreshold { get; internal set; }

    /// <summary>Gets the zero bucket's count.</summary>
    public long ZeroCount { get; internal set; }

    /// <summary>Gets the sum of observations.</summary>
    public double Sum { get; internal set; }

    /// <summary>Gets the number of observations: the zero count plus all bucket counts.</summary>
    public long Count { get; internal set; }

    /// <summary>Gets the index of <c>PositiveCounts[0]</c>.</summary>
    public int PositiveFirst { get; internal set; }

    /// <summary>Gets the index of <c>NegativeCounts[0]</c> (the bucket of absolute values).</summary>
    public int NegativeFirst { get; internal set; }

    /// <summary>Gets the positive bucket counts from <see cref="PositiveFirst"/> on; may hold zeros.</summary>
    public readonly ReadOnlySpan<long> PositiveCounts => _positive.AsSpan(0, PositiveLength);

    /// <summary>Gets the negative bucket counts from <see cref="NegativeFirst"/> on; may hold zeros.</summary>
    public readonly ReadOnlySpan<long> NegativeCounts => _negative.AsSpan(0, NegativeLength);

    internal int PositiveLength { get; private set; }

    internal int NegativeLength { get; private set; }

    /// <summary>Returns a cleared span of <paramref name="length"/> counts for one sign.</summary>
    internal Span<long> Prepare(bool negative, int first, int length)
    {
        ref long[]? array = ref negative ? ref _negative : ref _positive;
        if (array is null || array.Length < length)
        {
            if (array is not null)
            {
                ArrayPool<long>.Shared.Return(array);
            }

            array = ArrayPool<long>.Shared.Rent(Math.Max(length, 16));
        }

        Span<long> span = array.AsSpan(0, length);
        span.Clear();
        if (negative)
        {
            NegativeFirst = first;
            NegativeLength = length;
        }
        else
        {
            PositiveFirst = first;
            PositiveLength = length;
        }

        return span;
    }

    /// <summary>Returns the rented arrays.</summary>
    public void Dispose()
    {
        if (_positive is not null)
        {
            ArrayPool<long>.Shared.Return(_positive);
            _positive = null;
        }

        if (_negative is not null)
        {
            ArrayPool<long>.Shared.Return(_negative);
            _negative = null;
        }

        PositiveLength = NegativeLength = 0;
    }
}
