using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;
using TradingBot.FastMetrics.Tests.Metrics.Native;
using MetricFamily = TradingBot.FastMetrics.Tests.Exposition.Protobuf.Reference.MetricFamily;

namespace TradingBot.FastMetrics.Tests.Exposition.Protobuf;

public sealed class ProtobufExpositionProperties
{
    /// <summary>Any registry of counters, gauges and classic, hybrid and native histograms round-trips exactly.</summary>
    [Property(MaxTest = 150)]
    public bool AnyRegistry_RoundTripsThroughTheOfficialRuntime(int[] counterSeeds, int[] gaugeSeeds, int[] observationSeeds, byte schemaSeed, byte maxSeed, byte kindSeed)
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> counters = registry.CreateCounterFamily("c_total", "C.", ["k"]);
        var expectedCounters = new Dictionary<string, double>();
        foreach (int seed in counterSeeds)
        {
            string key = "s" + ((seed & 0x7) % 5);
            double amount = (seed & 8) == 0 ? (seed >>> 4) % 1000 : ((seed >>> 4) % 1000) / 8.0;
            counters.WithLabels(key).Add(amount);
            expectedCounters[key] = expectedCounters.GetValueOrDefault(key) + amount;
        }

        MetricFamily<Gauge> gauges = registry.CreateGaugeFamily("g", "G.", ["k"]);
        var expectedGauges = new Dictionary<string, double>();
        foreach (int seed in gaugeSeeds)
        {
            string key = "g" + ((seed & 0x3) % 3);
            double value = Value(seed);
            gauges.WithLabels(key).Set(value);
            expectedGauges[key] = value;
        }

        int schema = NativeBucketIndex.MinSchema + (schemaSeed % 13);
        var options = new NativeHistogramOptions { Schema = schema, MaxBucketCount = 2 + (maxSeed % 40) };
        double[] bounds = [-1, 0, 0.5, 2, 100];
        Histogram histogram = (kindSeed % 3) switch
        {
            0 => registry.CreateHistogram("h", "H.", bounds),
            1 => registry.CreateHistogramFamily("h", "H.", [], bounds, options).WithLabels(),
            _ => registry.CreateNativeHistogram("h", "H.", options),
        };

        double[] observations = observationSeeds.Select(Value).ToArray();
        double sum = 0;
        foreach (double value in observations)
        {
            histogram.Observe(value);
            sum += value;
        }

        byte[] bytes = ProtobufDecoding.Scrape(registry);
        List<MetricFamily> families = ProtobufDecoding.Decode(bytes);
        if (!bytes.AsSpan().SequenceEqual(ProtobufDecoding.Reencode(families)))
        {
            return false;
        }

        Dictionary<string, MetricFamily> byName = families.ToDictionary(f => f.Name);
        bool countersOk = byName.TryGetValue("c_total", out MetricFamily? c)
            ? c.Metric.All(m => m.Counter.Value == expectedCounters[m.Label[0].Value]) && c.Metric.Count == expectedCounters.Count
            : counterSeeds.Length == 0;
        bool gaugesOk = byName.TryGetValue("g", out MetricFamily? g)
            ? g.Metric.All(m => m.Gauge.Value.Equals(expectedGauges[m.Label[0].Value])) && g.Metric.Count == expectedGauges.Count
            : gaugeSeeds.Length == 0;

        var decoded = byName["h"].Metric.Single().Histogram;
        bool countOk = decoded.SampleCount == (ulong)observations.Length && decoded.SampleSum.Equals(sum);
        bool classicOk = (kindSeed % 3) == 2
            ? decoded.Bucket.Count == 0
            : decoded.Bucket.Select(b => b.UpperBound).SequenceEqual(bounds)
                && decoded.Bucket.Select(b => (long)b.CumulativeCount).SequenceEqual(bounds.Select(b => (long)observations.Count(v => v <= b)));
        bool nativeOk = (kindSeed % 3) == 0
            ? decoded.PositiveSpan.Count == 0 && decoded.Schema == 0
            : NativeMatches(decoded, observations, schema);
        return countersOk && gaugesOk && countOk && classicOk && nativeOk;
    }

    private static bool NativeMatches(Reference.Histogram decoded, double[] observations, int initialSchema)
    {
        if (decoded.Schema > initialSchema || decoded.ZeroThreshold != NativeHistogramOptions.DefaultZeroThreshold)
        {
            return false;
        }

        var positive = new SortedDictionary<int, long>();
        var negative = new SortedDictionary<int, long>();
        long zero = 0;
        foreach (double value in observations)
        {
            if (Math.Abs(value) <= NativeHistogramOptions.DefaultZeroThreshold)
            {
                zero++;
                continue;
            }

            SortedDictionary<int, long> side = value > 0 ? positive : negative;
            int index = NativeBucketIndexTests.ReferenceIndex(Math.Abs(value), decoded.Schema);
            side[index] = side.GetValueOrDefault(index) + 1;
        }

        bool emptyOk = observations.Length > 0 || (decoded.PositiveSpan.Count == 1 && decoded.PositiveSpan[0].Length == 0);
        return emptyOk
            && (long)decoded.ZeroCount == zero
            && positive.SequenceEqual(ProtobufDecoding.Buckets(decoded.PositiveSpan, decoded.PositiveDelta))
            && negative.SequenceEqual(ProtobufDecoding.Buckets(decoded.NegativeSpan, decoded.NegativeDelta));
    }

    // Whole numbers, eighths, tiny and huge magnitudes, zero, both signs.
    private static double Value(int seed) => (seed & 0x3) switch
    {
        0 => (seed >> 2) % 200,
        1 => ((seed >> 2) % 4000) / 8.0,
        2 => Math.ScaleB((seed >> 8) % 1000, ((seed >> 2) & 0x3F) - 40),
        _ => seed % 7 == 0 ? 0 : -((seed >> 2) % 5000) / 16.0,
    };
}
