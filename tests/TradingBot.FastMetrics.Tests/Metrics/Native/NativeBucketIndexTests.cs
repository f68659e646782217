using System;
using System.Numerics;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Metrics.Native;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics.Native;

public sealed class NativeBucketIndexTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Bounds_EveryEntry_IsTheLargestDoubleNotAboveTheBoundary(int schema)
    {
        ReadOnlySpan<double> bounds = NativeBucketIndex.Bounds(schema);
        int n = 1 << schema;
        Assert.Equal(n + 1, bounds.Length);
        for (int i = 0; i < n; i++)
        {
            // The entry is 2^(i/n - 1) rounded down: entry <= boundary < next double up.
            double entry = bounds[i];
            Assert.True(ExactLessOrEqual(entry * 2, i, schema), $"schema {schema} entry {i} is above the boundary");
            if (i > 0)
            {
                Assert.False(ExactLessOrEqual(Math.BitIncrement(entry) * 2, i, schema), $"schema {schema} entry {i} is not the largest");
            }
        }
    }

    [Property(MaxTest = 3000)]
    public bool Of_NearAnyBoundary_EqualsExactReference(int schemaSeed, int keySeed, sbyte ulpSeed)
    {
        int schema = NativeBucketIndex.MinSchema + (int)((uint)schemaSeed % 13);
        int limit = schema >= 0 ? 1000 << schema : 1000 >> -schema;
        int key = (int)((uint)keySeed % (uint)(2 * limit + 1)) - limit;
        double boundary = Math.Pow(2, key / Math.Pow(2, schema));
        double value = boundary;
        int ulps = ulpSeed % 3;
        for (int i = 0; i < Math.Abs(ulps); i++)
        {
            value = ulps > 0 ? Math.BitIncrement(value) : Math.BitDecrement(value);
        }

        return NativeBucketIndex.Of(value, schema) == ReferenceIndex(value, schema);
    }

    [Property(MaxTest = 3000)]
    public bool Of_AnyPositiveDouble_EqualsExactReference(ulong bitsSeed, int schemaSeed)
    {
        int schema = NativeBucketIndex.MinSchema + (int)((uint)schemaSeed % 13);

        // Any positive finite double, subnormals included.
        double value = BitConverter.UInt64BitsToDouble(bitsSeed % 0x7FF0_0000_0000_0000UL);
        if (value == 0)
        {
            value = double.Epsilon;
        }

        return NativeBucketIndex.Of(value, schema) == ReferenceIndex(value, schema);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(8)]
    public void Of_TableEntriesAndTheirNeighbours_EqualExactReference(int schema)
    {
        for (int exp = -3; exp <= 3; exp++)
        {
            ReadOnlySpan<double> bounds = schema > 0 ? NativeBucketIndex.Bounds(schema) : [0.5, 1.0];
            foreach (double entry in bounds)
            {
                double at = Math.ScaleB(entry, exp);
                foreach (double value in new[] { at, Math.BitDecrement(at), Math.BitIncrement(at) })
                {
                    Assert.Equal(ReferenceIndex(value, schema), NativeBucketIndex.Of(value, schema));
                }
            }
        }
    }

    [Fact]
    public void Of_KnownValues_MatchTheSpec()
    {
        // Schema 0: bucket i is (2^(i-1), 2^i].
        Assert.Equal(0, NativeBucketIndex.Of(1, 0));
        Assert.Equal(1, NativeBucketIndex.Of(1.5, 0));
        Assert.Equal(1, NativeBucketIndex.Of(2, 0));
        Assert.Equal(2, NativeBucketIndex.Of(2.0000001, 0));
        Assert.Equal(-1, NativeBucketIndex.Of(0.5, 0));

        // Schema 3: boundaries 2^(i/8); 1.09 is just below 2^(1/8) = 1.0905.
        Assert.Equal(1, NativeBucketIndex.Of(1.09, 3));
        Assert.Equal(2, NativeBucketIndex.Of(1.091, 3));
        Assert.Equal(8, NativeBucketIndex.Of(2, 3));

        // Schema -2: base 16.
        Assert.Equal(1, NativeBucketIndex.Of(16, -2));
        Assert.Equal(2, NativeBucketIndex.Of(17, -2));
        Assert.Equal(0, NativeBucketIndex.Of(1, -2));
    }

    [Fact]
    public void Of_PositiveInfinity_GoesToTheBucketOfMaxValue()
    {
        for (int schema = NativeBucketIndex.MinSchema; schema <= NativeBucketIndex.MaxSchema; schema++)
        {
            Assert.Equal(NativeBucketIndex.Of(double.MaxValue, schema), NativeBucketIndex.Of(double.PositiveInfinity, schema));
        }
    }

    [Theory]
    [InlineData(1.1, 3)]
    [InlineData(2, 0)]
    [InlineData(1.0905077326652577, 3)]
    [InlineData(1.09, 4)]
    [InlineData(4, -1)]
    [InlineData(1e9, -4)]
    [InlineData(1.0001, 8)]
    public void SchemaForFactor_PicksTheHighestSchemaNotFinerThanTheFactor(double factor, int schema)
    {
        Assert.Equal(schema, NativeHistogramOptions.SchemaForFactor(factor));
    }

    [Fact]
    public void DefaultZeroThreshold_IsTwoToTheMinus128()
    {
        Assert.Equal(NativeHistogramOptions.DefaultZeroThreshold, Math.ScaleB(1, -128));
    }

    /// <summary>The bucket index by exact rational arithmetic: the k with B(k-1) &lt; v &lt;= B(k), B(k) = 2^(k / 2^schema).</summary>
    internal static int ReferenceIndex(double value, int schema)
    {
        int k = (int)Math.Ceiling(Math.Log2(value) * Math.Pow(2, schema));
        while (!ExactLessOrEqual(value, k, schema))
        {
            k++;
        }

        while (ExactLessOrEqual(value, k - 1, schema))
        {
            k--;
        }

        return k;
    }

    /// <summary>Whether <paramref name="value"/> &lt;= 2^(k / 2^schema), decided on integers.</summary>
    private static bool ExactLessOrEqual(double value, int k, int schema)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int biased = (int)(bits >> 52);
        BigInteger m = bits & 0xF_FFFF_FFFF_FFFF;
        int e = -1074;
        if (biased != 0)
        {
            m += BigInteger.One << 52;
            e = biased - 1075;
        }

        if (schema >= 0)
        {
            // (m * 2^e)^n <= 2^k  <=>  m^n <= 2^(k - e*n)
            int n = 1 << schema;
            long d = k - ((long)e * n);
            return d >= 0 && BigInteger.Pow(m, n) <= BigInteger.One << (int)d;
        }

        // m * 2^e <= 2^(k * 2^-schema)
        long shift = ((long)k << -schema) - e;
        return shift >= 0 && m <= BigInteger.One << (int)Math.Min(shift, 4000);
    }
}
