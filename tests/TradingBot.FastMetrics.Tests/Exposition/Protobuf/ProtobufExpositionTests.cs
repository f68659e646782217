using System;
using System.Collections.Generic;
using System.Linq;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Native;
using TradingBot.FastMetrics.Tests.Exposition.Protobuf.Reference;
using Xunit;
using Counter = TradingBot.FastMetrics.Metrics.Counter;
using Gauge = TradingBot.FastMetrics.Metrics.Gauge;
using Histogram = TradingBot.FastMetrics.Metrics.Histogram;
using MetricFamily = TradingBot.FastMetrics.Tests.Exposition.Protobuf.Reference.MetricFamily;
using MetricType = TradingBot.FastMetrics.Tests.Exposition.Protobuf.Reference.MetricType;

namespace TradingBot.FastMetrics.Tests.Exposition.Protobuf;

public sealed class ProtobufExpositionTests
{
    [Fact]
    public void WriteTo_EveryKind_DecodesWithTheOfficialRuntimeToExactValues()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounterFamily("orders_total", "Orders \"sent\".", ["symbol"]).WithLabels("BTC\nUSDT");
        counter.Inc(5);
        counter.Add(0.25);
        counter.Add(double.NaN);
        registry.CreateGauge("pnl", "PnL.").Set(-12.5);
        registry.CreateCallbackGauge("open_positions", "Open.", () => 3);
        registry.CreateCallbackGauge("broken", "Throws.", () => throw new InvalidOperationException());
        registry.CreateInfo("bot_info", "Bot.", ["version"], ["1.2"]);
        Histogram classic = registry.CreateHistogram("latency", "Latency.", [1, 2, 5]);
        foreach (double value in new[] { 0.5, 1.5, 7 })
        {
            classic.Observe(value);
        }

        Histogram hybrid = registry.CreateHistogramFamily("slippage", "Slippage.", [], [1, 10], new NativeHistogramOptions { Schema = 0 }).WithLabels();
        foreach (double value in new[] { 0.5, 3, -2, 0 })
        {
            hybrid.Observe(value);
        }

        registry.CreateNativeHistogram("empty", "Empty.", new NativeHistogramOptions { Schema = 1 });

        byte[] bytes = ProtobufDecoding.Scrape(registry);
        List<MetricFamily> families = ProtobufDecoding.Decode(bytes);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(ProtobufDecoding.Reencode(families)));
        Dictionary<string, MetricFamily> byName = families.ToDictionary(f => f.Name);
        Assert.Equal(
            ["fastmetrics_dropped_total", "orders_total", "pnl", "open_positions", "bot_info", "latency", "slippage", "empty"],
            families.Select(f => f.Name));

        MetricFamily orders = byName["orders_total"];
        Assert.Equal(MetricType.Counter, orders.Type);
        Assert.Equal("Orders \"sent\".", orders.Help);
        Metric order = Assert.Single(orders.Metric);
        Assert.Equal("symbol", order.Label[0].Name);
        Assert.Equal("BTC\nUSDT", order.Label[0].Value);
        Assert.Equal(5.25, order.Counter.Value);
        Assert.InRange(order.Counter.CreatedTimestamp.Seconds, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        // The self-metric: the NaN increment, and the failing callback (counted during this scrape, so 0 or 1).
        Metric dropped = byName["fastmetrics_dropped_total"].Metric[0];
        Assert.Equal(["metric", "reason"], dropped.Label.Select(l => l.Name));
        Assert.Equal(["orders_total", "nan"], dropped.Label.Select(l => l.Value));
        Assert.Equal(1, dropped.Counter.Value);

        Assert.Equal(MetricType.Gauge, byName["pnl"].Type);
        Assert.Equal(-12.5, byName["pnl"].Metric[0].Gauge.Value);
        Assert.Equal(3, byName["open_positions"].Metric[0].Gauge.Value);
        Assert.DoesNotContain("broken", byName.Keys);

        MetricFamily info = byName["bot_info"];
        Assert.Equal(MetricType.Gauge, info.Type);
        Assert.Equal(1, info.Metric[0].Gauge.Value);
        Assert.Equal("version", info.Metric[0].Label[0].Name);

        var latency = byName["latency"].Metric[0].Histogram;
        Assert.Equal(MetricType.Histogram, byName["latency"].Type);
        Assert.Equal(3UL, latency.SampleCount);
        Assert.Equal(9, latency.SampleSum);
        Assert.Equal([1.0, 2, 5], latency.Bucket.Select(b => b.UpperBound));
        Assert.Equal([1UL, 2, 2], latency.Bucket.Select(b => b.CumulativeCount));
        Assert.Empty(latency.PositiveSpan);
        Assert.Equal(0, latency.ZeroThreshold);
        Assert.InRange(latency.CreatedTimestamp.Seconds, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var slippage = byName["slippage"].Metric[0].Histogram;
        Assert.Equal(4UL, slippage.SampleCount);
        Assert.Equal(1.5, slippage.SampleSum);
        Assert.Equal([3UL, 4], slippage.Bucket.Select(b => b.CumulativeCount));
        Assert.Equal(0, slippage.Schema);
        Assert.Equal(Math.ScaleB(1, -128), slippage.ZeroThreshold);
        Assert.Equal(1UL, slippage.ZeroCount);
        Assert.Equal(new SortedDictionary<int, long> { [-1] = 1, [2] = 1 }, ProtobufDecoding.Buckets(slippage.PositiveSpan, slippage.PositiveDelta));
        Assert.Equal(new SortedDictionary<int, long> { [1] = 1 }, ProtobufDecoding.Buckets(slippage.NegativeSpan, slippage.NegativeDelta));

        var empty = byName["empty"].Metric[0].Histogram;
        Assert.Empty(empty.Bucket);
        Assert.Equal(0UL, empty.SampleCount);
        Assert.Equal(1, empty.Schema);
        BucketSpan noOp = Assert.Single(empty.PositiveSpan);
        Assert.Equal(0, noOp.Offset);
        Assert.Equal(0U, noOp.Length);
        Assert.Empty(empty.PositiveDelta);
    }

    [Fact]
    public void WriteTo_GappedNativeBuckets_SplitsSpansAndDeltasPerSpec()
    {
        var registry = new MetricRegistry();
        Histogram histogram = registry.CreateNativeHistogram("gaps", "Gaps.", new NativeHistogramOptions { Schema = 0 });

        // Schema 0 indexes: 1 -> 0, 2 -> 1, 8 -> 3 (gap of one), 1024 -> 10 (gap of six), twice.
        foreach (double value in new[] { 1, 2, 8, 1024, 1024 })
        {
            histogram.Observe(value);
        }

        var decoded = ProtobufDecoding.Decode(ProtobufDecoding.Scrape(registry)).Single().Metric[0].Histogram;
        Assert.Equal([(0, 4U), (6, 1U)], decoded.PositiveSpan.Select(s => (s.Offset, s.Length)));
        Assert.Equal([1L, 0, -1, 1, 1], decoded.PositiveDelta);
        Assert.Equal(5UL, decoded.SampleCount);
    }
}
