using System;
using System.Buffers;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.ProcessMetrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.ProcessMetrics;

[Collection(AllocationMeasurementGroup.Name)]
public sealed class ProcessCollectorAllocationTests
{
    [Fact]
    public void Scrape_WithProcessCollector_SteadyState_AllocatesZeroBytes()
    {
        // The /proc reader is Linux-only (as is CI); elsewhere the documented fallback allocates.
        Assert.True(OperatingSystem.IsLinux(), "Linux only.");
        var registry = new MetricRegistry();
        using ProcessCollector collector = ProcessCollector.Register(registry);
        registry.CreateCounterFamily("orders_total", "Orders.", ["symbol"]).WithLabels("BTCUSDT").Inc(3);
        var exposition = new RegistryExposition(registry);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        for (int i = 0; i < 20; i++)
        {
            buffer.ResetWrittenCount();
            exposition.WriteTo(buffer, ExpositionFormat.PrometheusText);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            buffer.ResetWrittenCount();
            exposition.WriteTo(buffer, ExpositionFormat.PrometheusText);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("process_open_fds ", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
    }
}
