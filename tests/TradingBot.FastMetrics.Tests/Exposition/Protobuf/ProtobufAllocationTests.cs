using System;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Internal;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Exemplars;
using TradingBot.FastMetrics.Metrics.Native;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Exposition.Protobuf;

[Collection(AllocationMeasurementGroup.Name)]
public sealed class ProtobufAllocationTests
{
    [Fact]
    public void ScrapeAndExemplarRecording_WarmedUp_AllocateZeroBytes()
    {
        var registry = new MetricRegistry();
        var exemplar = new ExemplarOptions(["order_id"]);
        MetricFamily<Counter> counters = registry.CreateCounterFamily("c_total", "C.", ["symbol"]);
        Histogram hybrid = registry.CreateHistogramFamily("h", "H.", [], [1, 2, 5, 10], new NativeHistogramOptions { Schema = 3 }).WithLabels();
        Histogram native = registry.CreateNativeHistogram("n", "N.", new NativeHistogramOptions { Schema = 3 });
        registry.CreateGauge("g", "G.").Set(2);
        registry.CreateInfo("x_info", "X.", ["v"], ["1"]);
        for (int i = 0; i < 200; i++)
        {
            counters.WithLabels("s" + i).Inc(i);
        }

        Counter counter = counters.WithLabels("s1");
        void Record(int i)
        {
            counter.Inc(exemplar, "ORD-12345");
            hybrid.Observe(i % 13, exemplar, "ORD-12345");
            native.Observe(-(i % 7), exemplar, "ORD-12345");
        }

        using var buffer = new PooledBufferWriter(1 << 20);
        var exposition = new RegistryExposition(registry);
        for (int i = 0; i < 200; i++)
        {
            Record(i);
            buffer.Reset();
            exposition.WriteTo(buffer, ExpositionFormat.Protobuf);
            buffer.Reset();
            exposition.WriteTo(buffer, ExpositionFormat.OpenMetrics);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            Record(i);
        }

        long recording = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            buffer.Reset();
            exposition.WriteTo(buffer, ExpositionFormat.Protobuf);
            buffer.Reset();
            exposition.WriteTo(buffer, ExpositionFormat.OpenMetrics);
        }

        long scraping = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, recording);
        Assert.Equal(0, scraping);
    }
}
