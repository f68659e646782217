using System;
using System.Diagnostics;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class HistogramTests
{
    [Fact]
    public void Observe_ValueOnBound_CountsInThatBucket()
    {
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateHistogram("h", "H.", [1, 2, 5]);
        histogram.Observe(1);
        histogram.Observe(1.5);
        histogram.Observe(5);
        histogram.Observe(5.0000001);
        histogram.Observe(-1e300);

        Assert.Equal(2, Scrape.Value(registry, "h_bucket", "le", "1"));
        Assert.Equal(3, Scrape.Value(registry, "h_bucket", "le", "2"));
        Assert.Equal(4, Scrape.Value(registry, "h_bucket", "le", "5"));
        Assert.Equal(5, Scrape.Value(registry, "h_bucket", "le", "+Inf"));
        Assert.Equal(5, Scrape.Value(registry, "h_count"));
        Assert.Equal(5, histogram.Count);
    }

    [Fact]
    public void Observe_ManyBounds_BinarySearchAgreesWithLinearScan()
    {
        double[] bounds = Buckets.Linear(0, 1, 100);
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateHistogram("wide", "Wide.", bounds);
        var random = new Random(42);
        var expected = new long[bounds.Length + 1];
        for (int i = 0; i < 10_000; i++)
        {
            double value = (random.NextDouble() * 120) - 10;
            histogram.Observe(value);
            int bucket = 0;
            while (bucket < bounds.Length && value > bounds[bucket])
            {
                bucket++;
            }

            expected[bucket]++;
        }

        var actual = new long[bounds.Length + 1];
        histogram.ReadBuckets(actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Observe_NaNAndInfinities_DroppedAndCountedAndSumStaysFinite()
    {
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateHistogram("h", "H.", [1]);
        histogram.Observe(0.5);
        histogram.Observe(double.NaN);
        histogram.Observe(double.PositiveInfinity);
        histogram.Observe(double.NegativeInfinity);
        histogram.Observe(2);

        Assert.Equal(2, histogram.Count);
        Assert.Equal(2.5, histogram.Sum);
        string text = Scrape.Text(registry);
        Assert.Contains("h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 2.5\nh_count 2\n", text, StringComparison.Ordinal);
        Assert.Equal(1, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "h", "reason", "nan"));
        Assert.Equal(2, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "h", "reason", "infinite"));
    }

    [Fact]
    public void ObserveDuration_Timestamps_ConvertedToUnit()
    {
        var registry = new MetricRegistry();
        Histogram ms = registry.CreateHistogram("ms", "Ms.", [100, 1000]);
        Histogram seconds = registry.CreateHistogram("s", "S.", [0.1, 1]);
        long start = 1_000;
        long end = start + (Stopwatch.Frequency / 4);

        ms.ObserveDuration(start, end, DurationUnit.Milliseconds);
        seconds.ObserveDuration(start, end);

        Assert.Equal(250, ms.Sum, 9);
        Assert.Equal(0.25, seconds.Sum, 12);
        Assert.Equal(1, Scrape.Value(registry, "ms_bucket", "le", "1000"));
        Assert.Equal(0, Scrape.Value(registry, "ms_bucket", "le", "100"));
    }

    [Fact]
    public void StartTimer_Disposed_ObservesOnce()
    {
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateHistogram("t", "T.", [1]);
        using (histogram.StartTimer())
        {
        }

        default(HistogramTimer).Dispose();

        Assert.Equal(1, histogram.Count);
        Assert.True(histogram.Sum >= 0);
    }

    [Fact]
    public void Buckets_Helpers_ProduceExpectedBounds()
    {
        Assert.Equal([1, 3, 5], Buckets.Linear(1, 2, 3));
        Assert.Equal([1, 10, 100, 1000], Buckets.Exponential(1, 10, 4));
        Assert.Throws<ArgumentException>(() => Buckets.Exponential(0, 2, 3));
        Assert.Throws<ArgumentException>(() => Buckets.Linear(0, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Buckets.Linear(0, 1, 0));
    }
}
