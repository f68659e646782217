using System;
using System.Diagnostics;
using System.Linq;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Metrics.Exemplars;
using TradingBot.FastMetrics.Metrics.Native;
using TradingBot.FastMetrics.Tests.Exposition.Protobuf;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Metrics.Exemplars;

public sealed class ExemplarTests
{
    private static readonly ExemplarOptions s_orderId = new(["order_id"]);

    [Fact]
    public void OpenMetrics_CounterAndBucketExemplars_WrittenOnTotalAndBucketLines_NotInText004()
    {
        var registry = new MetricRegistry();
        Counter trades = registry.CreateCounter("trades_total", "Trades.");
        Histogram latency = registry.CreateHistogramFamily("latency_ms", "Latency.", [], [1, 10], new NativeHistogramOptions { Schema = 3 }).WithLabels();
        trades.Inc(s_orderId, "ORD-1");
        latency.Observe(0.75, s_orderId, "ORD-\"2\"");
        latency.Observe(50, s_orderId, "ORD-3");

        string om = new RegistryExposition(registry).WriteToString(ExpositionFormat.OpenMetrics);
        string[] lines = om.Split('\n');
        Assert.Matches(@"^trades_total 1 # \{order_id=""ORD-1""\} 1\.0 \d{10}\.\d{3}$", lines.Single(l => l.StartsWith("trades_total", StringComparison.Ordinal)));
        Assert.Matches(@"^latency_ms_bucket\{le=""1\.0""\} 1 # \{order_id=""ORD-\\""2\\""""\} 0\.75 \d{10}\.\d{3}$", lines.Single(l => l.StartsWith("latency_ms_bucket{le=\"1.0\"}", StringComparison.Ordinal)));
        Assert.Equal("latency_ms_bucket{le=\"10.0\"} 1", lines.Single(l => l.StartsWith("latency_ms_bucket{le=\"10.0\"}", StringComparison.Ordinal)));
        Assert.StartsWith("latency_ms_bucket{le=\"+Inf\"} 2 # {order_id=\"ORD-3\"} 50.0 ", lines.Single(l => l.StartsWith("latency_ms_bucket{le=\"+Inf\"}", StringComparison.Ordinal)), StringComparison.Ordinal);

        string text = new RegistryExposition(registry).WriteToString(ExpositionFormat.PrometheusText);
        Assert.DoesNotContain("# {", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ORD", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_Exemplars_OnCounterClassicBucketsAndNative()
    {
        var registry = new MetricRegistry();
        Counter trades = registry.CreateCounter("trades_total", "Trades.");
        Histogram latency = registry.CreateHistogramFamily("latency_ms", "Latency.", [], [1, 10], new NativeHistogramOptions { Schema = 3 }).WithLabels();
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        trades.Inc(s_orderId, "ORD-1");
        latency.Observe(0.75, s_orderId, "ORD-2");
        latency.Observe(50, s_orderId, "ORD-3");

        var families = ProtobufDecoding.Decode(ProtobufDecoding.Scrape(registry)).ToDictionary(f => f.Name);
        var counter = families["trades_total"].Metric[0].Counter;
        Assert.Equal("order_id", counter.Exemplar.Label.Single().Name);
        Assert.Equal("ORD-1", counter.Exemplar.Label.Single().Value);
        Assert.Equal(1, counter.Exemplar.Value);
        Assert.InRange(counter.Exemplar.Timestamp.Seconds, before - 1, before + 60);

        var histogram = families["latency_ms"].Metric[0].Histogram;
        Assert.Equal("ORD-2", histogram.Bucket[0].Exemplar.Label.Single().Value);
        Assert.Equal(0.75, histogram.Bucket[0].Exemplar.Value);
        Assert.Null(histogram.Bucket[1].Exemplar);
        Assert.Equal(["ORD-2", "ORD-3"], histogram.Exemplars.Select(e => e.Label.Single().Value));
        Assert.All(histogram.Exemplars, e => Assert.NotNull(e.Timestamp));
    }

    [Fact]
    public void Offer_TooLongValue_TruncatedOrRefusedAndCounted()
    {
        var registry = new MetricRegistry();
        var truncating = new ExemplarOptions(["order_id"], maxValueLength: 8);
        var refusing = new ExemplarOptions(["order_id"], maxValueLength: 8) { Overflow = ExemplarOverflow.Refuse };
        Counter a = registry.CreateCounter("a_total", "A.");
        Counter b = registry.CreateCounter("b_total", "B.");
        a.Inc(truncating, "0123456789");
        b.Inc(refusing, "0123456789");
        b.Inc(truncating, "x");

        string om = new RegistryExposition(registry).WriteToString(ExpositionFormat.OpenMetrics);
        Assert.Contains("a_total 1 # {order_id=\"01234567\"} 1.0 ", om, StringComparison.Ordinal);
        Assert.Contains("b_total 2\n", om, StringComparison.Ordinal);
        Assert.Equal(1, registry.DroppedFamily.WithLabels("a_total", "exemplar_truncated").Value);
        Assert.Equal(2, registry.DroppedFamily.WithLabels("b_total", "exemplar_refused").Value);
    }

    [Fact]
    public void Options_OverTheLimitOrBadNames_ThrowAtConfiguration()
    {
        Assert.Throws<ArgumentException>(() => new ExemplarOptions(["order_id"], maxValueLength: 121));
        Assert.Equal(120, new ExemplarOptions(["order_id"], maxValueLength: 120).MaxValueLength);
        Assert.Equal(120, new ExemplarOptions(["order_id"]).MaxValueLength);
        Assert.Equal(57, new ExemplarOptions(["order_id"], includeTraceContext: true).MaxValueLength);
        Assert.Throws<ArgumentException>(() => new ExemplarOptions(["order id"]));
        Assert.Throws<ArgumentException>(() => new ExemplarOptions(["a", "a"]));
        Assert.Throws<ArgumentException>(() => new ExemplarOptions([]));
        Assert.Throws<ArgumentException>(() => new ExemplarOptions(["trace_id"], includeTraceContext: true));
    }

    [Fact]
    public void Offer_WithinMinInterval_KeepsTheFirstExemplar()
    {
        var registry = new MetricRegistry();
        var hourly = new ExemplarOptions(["order_id"]) { MinInterval = TimeSpan.FromHours(1) };
        Counter counter = registry.CreateCounter("c_total", "C.");
        counter.Inc(hourly, "first");
        counter.Inc(hourly, "second");
        string om = new RegistryExposition(registry).WriteToString(ExpositionFormat.OpenMetrics);
        Assert.Contains("c_total 2 # {order_id=\"first\"} 1.0 ", om, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_WithActivity_AddsTraceAndSpanIds()
    {
        var registry = new MetricRegistry();
        var traced = new ExemplarOptions(["order_id"], includeTraceContext: true);
        Counter counter = registry.CreateCounter("c_total", "C.");
        using (var activity = new Activity("order").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            counter.Inc(traced, "A");
            string om = new RegistryExposition(registry).WriteToString(ExpositionFormat.OpenMetrics);
            Assert.Contains($"# {{order_id=\"A\",trace_id=\"{activity.TraceId.ToHexString()}\",span_id=\"{activity.SpanId.ToHexString()}\"}} 1.0 ", om, StringComparison.Ordinal);
        }

        counter.Inc(traced, "B");
        Assert.Contains("# {order_id=\"B\"} 1.0 ", new RegistryExposition(registry).WriteToString(ExpositionFormat.OpenMetrics), StringComparison.Ordinal);
    }
}
