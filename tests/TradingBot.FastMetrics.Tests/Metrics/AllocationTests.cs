using System;
using System.Threading;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Cells;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics;

public sealed class AllocationTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void RecordPath_WarmedUp_AllocatesZeroBytes()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        Gauge gauge = registry.CreateGauge("g", "G.");
        Histogram histogram = registry.CreateHistogram("h", "H.", [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
        Histogram wide = registry.CreateHistogram("w", "W.", Buckets.Exponential(1, 1.1, 64));
        MetricFamily<Counter> one = registry.CreateCounterFamily("one_total", "1.", ["symbol"]);
        MetricFamily<Counter> two = registry.CreateCounterFamily("two_total", "2.", ["symbol", "result"]);
        MetricFamily<Counter> three = registry.CreateCounterFamily("three_total", "3.", ["a", "b", "c"]);
        MetricFamily<Histogram> four = registry.CreateHistogramFamily("four", "4.", ["a", "b", "c", "d"], [1, 10]);

        void Record(int i)
        {
            counter.Inc();
            counter.Inc(3);
            counter.Add(0.5);
            counter.Inc(-1);
            gauge.Set(i);
            gauge.Inc();
            histogram.Observe(i % 1200);
            histogram.Observe(double.NaN);
            wide.Observe(i % 700);
            histogram.ObserveDuration(0, 1000, DurationUnit.Milliseconds);
            using (histogram.StartTimer(DurationUnit.Milliseconds))
            {
            }

            one.WithLabels("BTCUSDT").Inc();
            two.WithLabels("BTCUSDT", "win").Inc();
            three.WithLabels("x", "y", "z").Inc();
            four.WithLabels("w", "x", "y", "z").Observe(5);
        }

        long allocated = AllocationProbe.BytesAllocated(Record, warmUp: 1000, measured: Iterations);

        Assert.Equal(0, allocated);
        Assert.Equal((Iterations + 1000) * 4.5, counter.Value);
    }

    [Fact]
    public void RecordPath_SharedRowsOfASeriesWithAllOwnersTaken_AllocatesZeroBytes()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("c_total", "C.");
        Histogram histogram = registry.CreateHistogram("h", "H.", [1, 2, 5, 10]);

        // Four other threads claim every owner row, so this thread records on the shared rows.
        for (int t = 0; t < StripedCells.MaxOwners; t++)
        {
            var owner = new Thread(() =>
            {
                for (int i = 0; i < 100; i++)
                {
                    counter.Inc();
                    histogram.Observe(i);
                }
            });
            owner.Start();
            owner.Join();
        }

        void Record(int i)
        {
            counter.Inc();
            counter.Inc(2);
            counter.Add(0.5);
            counter.Add(double.PositiveInfinity);
            histogram.Observe(i % 12);
            histogram.Observe(double.NegativeInfinity);
        }

        long allocated = AllocationProbe.BytesAllocated(Record, warmUp: 1000, measured: Iterations);

        Assert.Equal(0, allocated);
        Assert.Equal(1 + StripedCells.MaxOwners, counter.Cells.RowCount);
        Assert.Equal((StripedCells.MaxOwners * 100) + ((Iterations + 1000) * 3.5), counter.Value);
        Assert.Equal((StripedCells.MaxOwners * 100) + Iterations + 1000, histogram.Count);
    }

    [Fact]
    public void Scrape_SteadyStateIntoReusedBuffer_AllocatesZeroBytes()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> counters = registry.CreateCounterFamily("c_total", "C.", ["symbol"]);
        MetricFamily<Histogram> histograms = registry.CreateHistogramFamily("h", "H.", ["symbol"], [0.5, 1, 2.5, 5, 10]);
        for (int i = 0; i < 300; i++)
        {
            string symbol = "S" + i;
            counters.WithLabels(symbol).Inc(i);
            histograms.WithLabels(symbol).Observe(i * 0.1);
        }

        registry.CreateGauge("g", "G.").Set(1.5);
        registry.CreateCallbackGauge("cb", "CB.", () => 2.5);
        registry.CreateInfo("b_info", "B.", ["version"], ["1"]);
        var exposition = new RegistryExposition(registry);
        using var buffer = new PooledBufferWriter();
        foreach (ExpositionFormat format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            for (int i = 0; i < 3; i++)
            {
                buffer.Reset();
                exposition.WriteTo(buffer, format);
            }

            int size = buffer.WrittenCount;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                buffer.Reset();
                exposition.WriteTo(buffer, format);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(size, buffer.WrittenCount);
            Assert.True(size > 300 * 8 * 20);
        }
    }
}
