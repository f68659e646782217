using System;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics.Native;

[Collection(AllocationMeasurementGroup.Name)]
public sealed class NativeAllocationTests
{
    [Fact]
    public void Observe_NativeAndHybrid_WarmedUp_AllocatesZeroBytes()
    {
        var registry = new MetricRegistry();
        Histogram native = registry.CreateNativeHistogram("n", "N.", new NativeHistogramOptions { BucketFactor = 1.1 });
        Histogram hybrid = registry.CreateHistogramFamily("h", "H.", [], [1, 2, 5, 10], new NativeHistogramOptions { Schema = 3 }).WithLabels();
        void Record(int i)
        {
            double value = (i % 997) * 0.37;
            native.Observe(value);
            native.Observe(-value);
            hybrid.Observe(value);
            native.Observe(double.NaN);
        }

        for (int i = 0; i < 2000; i++)
        {
            Record(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            Record(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
