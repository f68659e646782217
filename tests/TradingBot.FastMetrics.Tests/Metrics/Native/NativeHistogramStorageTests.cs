using System;
using System.Collections.Generic;
using System.Threading;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics.Native;

public sealed class NativeHistogramStorageTests
{
    [Fact]
    public void Observe_MixedValues_CountsEachInItsBucket()
    {
        var storage = New(new NativeHistogramOptions { BucketFactor = 1.1 });
        double[] values = [1, 2, 3, 3, -1, -0.25, 0, 1e-40, -1e-40, 1000];
        foreach (double value in values)
        {
            storage.Observe(value);
        }

        Dictionary<(bool, int), long> buckets = Read(storage, out NativeReading reading);
        Assert.Equal(3, reading.Schema);
        Assert.Equal(3, reading.ZeroCount);
        Assert.Equal(values.Length, reading.Count);
        Assert.Equal(1 + 2 + 3 + 3 - 1 - 0.25 + 1000, reading.Sum, 9);
        Assert.Equal(1, buckets[(false, 0)]);
        Assert.Equal(1, buckets[(false, 8)]);
        Assert.Equal(2, buckets[(false, NativeBucketIndex.Of(3, 3))]);
        Assert.Equal(1, buckets[(false, NativeBucketIndex.Of(1000, 3))]);
        Assert.Equal(1, buckets[(true, 0)]);
        Assert.Equal(1, buckets[(true, -16)]);
        Assert.Equal(6, buckets.Count);
        reading.Dispose();
    }

    [Fact]
    public void Observe_ZeroThreshold_CountsValuesWithinItInTheZeroBucket()
    {
        var storage = New(new NativeHistogramOptions { Schema = 0, ZeroThreshold = 0.5 });
        storage.Observe(0.5);
        storage.Observe(-0.5);
        storage.Observe(0.50001);
        storage.Observe(-0.6);
        Dictionary<(bool, int), long> buckets = Read(storage, out NativeReading reading);
        Assert.Equal(2, reading.ZeroCount);
        Assert.Equal(0.5, reading.ZeroThreshold);
        Assert.Equal(1, buckets[(false, 0)]);
        Assert.Equal(1, buckets[(true, 0)]);
        reading.Dispose();
    }

    [Fact]
    public void Observe_SpanPastMaxBucketCount_ReducesSchemaAndMergesExactly()
    {
        var storage = New(new NativeHistogramOptions { Schema = 8, MaxBucketCount = 20 });
        var values = new List<double>();
        for (int i = 1; i <= 5000; i++)
        {
            values.Add(i * 0.37);
            values.Add(-i * 0.011);
        }

        foreach (double value in values)
        {
            storage.Observe(value);
        }

        Dictionary<(bool, int), long> buckets = Read(storage, out NativeReading reading);
        Assert.True(reading.Schema < 8, $"schema stayed {reading.Schema}");
        Assert.True(reading.PositiveCounts.Length + reading.NegativeCounts.Length <= 20);
        Assert.Equal(Expected(values, reading.Schema), buckets);
        Assert.Equal(values.Count, reading.Count);
        reading.Dispose();
    }

    [Fact]
    public void Read_Empty_HasNoBucketsAndZeroCount()
    {
        var storage = New(new NativeHistogramOptions { Schema = 2 });
        Dictionary<(bool, int), long> buckets = Read(storage, out NativeReading reading);
        Assert.Empty(buckets);
        Assert.Equal(0, reading.Count);
        Assert.Equal(2, reading.Schema);
        reading.Dispose();
    }

    [Fact]
    public void Observe_ConcurrentWritersAndScrapesDuringReductions_KeepExactCounts()
    {
        const int Threads = 4;
        const int PerThread = 50_000;
        var storage = New(new NativeHistogramOptions { Schema = 8, MaxBucketCount = 24 });
        var all = new List<double>();
        var perThread = new double[Threads][];
        for (int t = 0; t < Threads; t++)
        {
            var random = new Random(17 + t);
            perThread[t] = new double[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                // Spread widens over time, so reductions keep happening while scrapes run.
                double magnitude = Math.Pow(10, random.NextDouble() * (1 + (4.0 * i / PerThread)));
                perThread[t][i] = random.Next(5) == 0 ? -magnitude : (random.Next(50) == 0 ? 0 : magnitude);
            }

            all.AddRange(perThread[t]);
        }

        using var barrier = new Barrier(Threads + 1);
        int done = 0;
        var writers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            double[] mine = perThread[t];
            writers[t] = new Thread(() =>
            {
                barrier.SignalAndWait();
                foreach (double value in mine)
                {
                    storage.Observe(value);
                }

                Interlocked.Increment(ref done);
            });
            writers[t].Start();
        }

        barrier.SignalAndWait();
        long last = 0;
        int scrapes = 0;
        var reading = default(NativeReading);
        while (Volatile.Read(ref done) < Threads)
        {
            last = ReadSelfConsistent(storage, ref reading, last);
            scrapes++;
        }

        foreach (Thread writer in writers)
        {
            writer.Join();
        }

        reading.Dispose();
        Dictionary<(bool, int), long> final = Read(storage, out NativeReading end);
        Assert.Equal(Threads * PerThread, end.Count);
        Assert.Equal(Expected(all, end.Schema), final);
        Assert.True(end.Schema < 8);
        Assert.True(scrapes > 0);
        end.Dispose();
    }

    [Fact]
    public void Observe_ManyShortLivedThreads_KeepsExactCounts()
    {
        var storage = New(new NativeHistogramOptions { Schema = 3 });
        const int Threads = 300;
        for (int batch = 0; batch < Threads / 10; batch++)
        {
            var threads = new Thread[10];
            for (int t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(() =>
                {
                    for (int i = 1; i <= 100; i++)
                    {
                        storage.Observe(i);
                    }
                });
                threads[t].Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }

        Dictionary<(bool, int), long> buckets = Read(storage, out NativeReading reading);
        Assert.Equal(Threads * 100, reading.Count);
        Assert.Equal(Threads * 5050.0, reading.Sum);
        Assert.Equal(Threads, buckets[(false, 0)]);
        reading.Dispose();
    }

    [Fact]
    public void Histogram_NativeOnly_ReportsCountAndSumFromNativeBuckets()
    {
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateNativeHistogram("n_seconds", "N.", new NativeHistogramOptions { BucketFactor = 1.1 });
        histogram.Observe(1);
        histogram.Observe(-2);
        histogram.Observe(double.NaN);
        Assert.Equal(2, histogram.Count);
        Assert.Equal(-1, histogram.Sum);
        Assert.NotNull(histogram.Native);
        Assert.True(histogram.Native!.NativeOnly);
    }

    [Fact]
    public void Registry_SameNameDifferentNativeOptions_Throws()
    {
        var registry = new MetricRegistry();
        registry.CreateHistogramFamily("h", "H.", [], [1, 2], new NativeHistogramOptions { Schema = 3 });
        registry.CreateHistogramFamily("h", "H.", [], [1, 2], new NativeHistogramOptions { Schema = 3 });
        Assert.Throws<InvalidOperationException>(() =>
            registry.CreateHistogramFamily("h", "H.", [], [1, 2], new NativeHistogramOptions { Schema = 2 }));
        Assert.Throws<ArgumentException>(() =>
            registry.CreateHistogramFamily("x", "X.", [], [1, 2], new NativeHistogramOptions { Schema = 9 }));
        Assert.Throws<ArgumentException>(() =>
            registry.CreateHistogramFamily("y", "Y.", [], [1, 2], new NativeHistogramOptions { Schema = 1, BucketFactor = 1.1 }));
        Assert.Throws<ArgumentException>(() =>
            registry.CreateNativeHistogram("z", "Z.", new NativeHistogramOptions { BucketFactor = 1, }));
    }

    internal static NativeHistogramStorage New(NativeHistogramOptions options) => new(options, options.Validate("test"), nativeOnly: true);

    /// <summary>Scrapes once, asserting count == zero + buckets and no fewer than <paramref name="last"/>; returns the count.</summary>
    internal static long ReadSelfConsistent(NativeHistogramStorage storage, ref NativeReading reading, long last)
    {
        storage.Read(ref reading);
        long buckets = reading.ZeroCount;
        foreach (long count in reading.PositiveCounts)
        {
            buckets += count;
        }

        foreach (long count in reading.NegativeCounts)
        {
            buckets += count;
        }

        Assert.Equal(reading.Count, buckets);
        Assert.True(reading.Count >= last, $"count went from {last} to {reading.Count}");
        return reading.Count;
    }

    internal static Dictionary<(bool Negative, int Index), long> Read(NativeHistogramStorage storage, out NativeReading reading)
    {
        reading = default;
        storage.Read(ref reading);
        var buckets = new Dictionary<(bool, int), long>();
        for (int i = 0; i < reading.PositiveCounts.Length; i++)
        {
            if (reading.PositiveCounts[i] != 0)
            {
                buckets[(false, reading.PositiveFirst + i)] = reading.PositiveCounts[i];
            }
        }

        for (int i = 0; i < reading.NegativeCounts.Length; i++)
        {
            if (reading.NegativeCounts[i] != 0)
            {
                buckets[(true, reading.NegativeFirst + i)] = reading.NegativeCounts[i];
            }
        }

        return buckets;
    }

    internal static Dictionary<(bool, int), long> Expected(IEnumerable<double> values, int schema, double zeroThreshold = NativeHistogramOptions.DefaultZeroThreshold)
    {
        var expected = new Dictionary<(bool, int), long>();
        foreach (double value in values)
        {
            if (Math.Abs(value) <= zeroThreshold)
            {
                continue;
            }

            var key = (value < 0, NativeBucketIndexTests.ReferenceIndex(Math.Abs(value), schema));
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        return expected;
    }
}
