using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Instrumentation;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Instrumentation;

[Collection(AllocationMeasurementGroup.Name)]
public sealed class MeterBridgeAllocationTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void Measurement_UpToThreeStringTags_ExistingSeries_AllocatesZeroBytes()
    {
        string meterName = "Test.Bridge.Alloc." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var registry = new MetricRegistry();
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == meterName);
        Counter<long> untagged = meter.CreateCounter<long>("heartbeats");
        Counter<long> one = meter.CreateCounter<long>("quotes");
        Counter<long> two = meter.CreateCounter<long>("cancels");
        Counter<long> counter = meter.CreateCounter<long>("orders");
        Counter<double> notional = meter.CreateCounter<double>("notional", "$");
        UpDownCounter<long> open = meter.CreateUpDownCounter<long>("open");
        Gauge<double> price = meter.CreateGauge<double>("price");
        Histogram<double> latency = meter.CreateHistogram<double>("latency", "s");
        var symbol = new KeyValuePair<string, object?>("symbol", "BTCUSDT");
        var side = new KeyValuePair<string, object?>("side", "buy");
        var venue = new KeyValuePair<string, object?>("venue", "binance");

        void Record(int i)
        {
            untagged.Add(1);
            one.Add(1, symbol);
            two.Add(1, symbol, side);
            counter.Add(1, symbol, side, venue);
            notional.Add(12.5, symbol, side, venue);
            open.Add(i % 2 == 0 ? 1 : -1, symbol);
            price.Record(100 + i, symbol, venue);
            latency.Record(i * 1e-6, symbol, side, venue);
        }

        long allocated = AllocationProbe.BytesAllocated(Record, warmUp: 1000, measured: Iterations);

        Assert.Equal(0, allocated);
        string text = new RegistryExposition(registry).WriteToString();
        Assert.Contains($"orders_total{{side=\"buy\",symbol=\"BTCUSDT\",venue=\"binance\"}} {Iterations + 1000}\n", text, StringComparison.Ordinal);
    }
}
