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

        Assert.Equal(0, AllocationProbe.BytesAllocated(Record, warmUp: 2000, measured: 100_000));
    }
}
