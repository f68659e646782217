using System;
using TradingBot.FastMetrics.Internal;

namespace TradingBot.FastMetrics.Metrics.Native;

/// <summary>How a histogram keeps native (exponential, sparse) buckets beside or instead of classic ones.</summary>
/// <remarks>
/// <para>Give either <see cref="BucketFactor"/> or <see cref="Schema"/>. Bucket boundaries are
/// <c>2^(i / 2^schema)</c>: schema 3 grows each bucket by 2^(1/8), about 1.09. Values whose absolute value is at
/// most <see cref="ZeroThreshold"/> go to the zero bucket; negative values have their own buckets.</para>
/// <para>When the populated buckets would span more than <see cref="MaxBucketCount"/> indexes, the schema
/// drops by one and neighbouring buckets merge pairwise, as client_golang does; resolution halves, counts
/// stay exact. The limit applies to the span from the lowest to the highest populated bucket of each sign,
/// so it bounds the number of buckets written even when some inside the span are empty.</para>
/// <para>Native buckets are only in the protobuf format. The text formats (0.0.4 and OpenMetrics 1.0) show
/// a hybrid histogram's classic buckets, and a native-only histogram as <c>_count</c> and <c>_sum</c> only.</para>
/// </remarks>
public sealed class NativeHistogramOptions
{
    /// <summary>The default zero threshold, 2^-128, the value client_golang uses.</summary>
    public const double DefaultZeroThreshold = 2.938735877055719e-39;

    /// <summary>The default limit on the span of populated buckets.</summary>
    public const int DefaultMaxBucketCount = 160;

    /// <summary>Gets the growth factor between neighbouring bucket boundaries, above 1; the schema chosen is the
    /// coarsest whose factor is at most this (1.1 gives schema 3). Null when <see cref="Schema"/> is set.</summary>
    public double? BucketFactor { get; init; }

    /// <summary>Gets the schema, from -4 (factor 65536) to 8 (factor 2^(1/256)); null when <see cref="BucketFactor"/> is set.</summary>
    public int? Schema { get; init; }

    /// <summary>Gets the largest absolute value counted in the zero bucket; zero or more, finite.</summary>
    public double ZeroThreshold { get; init; } = DefaultZeroThreshold;

    /// <summary>Gets the largest span of populated bucket indexes before the schema is reduced; at least 2.</summary>
    public int MaxBucketCount { get; init; } = DefaultMaxBucketCount;

    /// <summary>Returns the schema these options ask for, validating them.</summary>
    /// <param name="metric">The metric being registered, named in error messages.</param>
    /// <returns>The initial schema.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or both or neither of factor and schema are set.</exception>
    internal int Validate(string metric)
    {
        if (BucketFactor.HasValue == Schema.HasValue)
        {
            ThrowHelper.ThrowArgumentException(
                $"Native histogram '{metric}' must set exactly one of BucketFactor and Schema.", nameof(BucketFactor));
        }

        if (!(ZeroThreshold >= 0) || double.IsInfinity(ZeroThreshold))
        {
            ThrowHelper.ThrowArgumentException(
                $"Native histogram '{metric}' has zero threshold {ZeroThreshold}; it must be finite and zero or more.", nameof(ZeroThreshold));
        }

        if (MaxBucketCount < 2)
        {
            ThrowHelper.ThrowArgumentException(
                $"Native histogram '{metric}' has MaxBucketCount {MaxBucketCount}; it must be at least 2.", nameof(MaxBucketCount));
        }

        if (Schema is { } schema)
        {
            if (schema < NativeBucketIndex.MinSchema || schema > NativeBucketIndex.MaxSchema)
            {
                ThrowHelper.ThrowArgumentException(
                    $"Native histogram '{metric}' has schema {schema}; it must be from -4 to 8.", nameof(Schema));
            }

            return schema;
        }

        double factor = BucketFactor!.Value;
        if (!(factor > 1) || double.IsInfinity(factor))
        {
            ThrowHelper.ThrowArgumentException(
                $"Native histogram '{metric}' has bucket factor {factor}; it must be finite and above 1.", nameof(BucketFactor));
        }

        return SchemaForFactor(factor);
    }

    /// <summary>Returns the lowest schema whose growth factor 2^(2^-schema) is at most <paramref name="factor"/>
    /// (the coarsest resolution at least as fine as asked), clamped to -4..8.</summary>
    internal static int SchemaForFactor(double factor)
    {
        for (int schema = NativeBucketIndex.MinSchema; schema < NativeBucketIndex.MaxSchema; schema++)
        {
            if (Math.Pow(2, Math.Pow(2, -schema)) <= factor)
            {
                return schema;
            }
        }

        return NativeBucketIndex.MaxSchema;
    }

    /// <summary>Tells whether two option sets describe the same histogram.</summary>
    internal bool SameAs(NativeHistogramOptions other) =>
        BucketFactor == other.BucketFactor && Schema == other.Schema && ZeroThreshold.Equals(other.ZeroThreshold)
        && MaxBucketCount == other.MaxBucketCount;
}
