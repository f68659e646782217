using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Metrics;

namespace TradingBot.FastMetrics.Tests.Properties;

public sealed class BucketSearchProperties
{
    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool FindBucket_AnyBoundsAndValue_EqualsNaiveScan(BoundsAndValue input)
    {
        var bounds = new HistogramBounds(input.Bounds);
        int expected = 0;
        while (expected < input.Bounds.Length && !(input.Value <= input.Bounds[expected]))
        {
            expected++;
        }

        return bounds.FindBucket(input.Value) == expected
            && HistogramBounds.FindBucketBinary(input.Bounds, input.Value) == expected
            && HistogramBounds.CountBelowScalar(input.Bounds, input.Value) == expected;
    }

    public sealed record BoundsAndValue(double[] Bounds, double Value)
    {
        public override string ToString() => $"[{string.Join(", ", Bounds)}] {Value}";
    }

    public static class Arbitraries
    {
        // 1..80 distinct sorted bounds (both sides of the vector/binary crossover), values on, between and beyond them.
        public static Arbitrary<BoundsAndValue> Inputs() =>
            Gen.Choose(1, 80).SelectMany(count =>
                Gen.Choose(-1000, 1000).ArrayOf(count).SelectMany(raw =>
                {
                    double[] bounds = raw.Select(x => x / 8.0).Distinct().Order().ToArray();
                    return Gen.OneOf(
                            Gen.Elements(bounds),
                            Gen.Choose(-1100, 1100).Select(x => x / 7.0),
                            Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -0.0))
                        .Select(value => new BoundsAndValue(bounds, value));
                }))
            .ToArbitrary();
    }
}
