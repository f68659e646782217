using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Instrumentation;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Instrumentation;

public sealed class MeterBridgeTests
{
    private static string UniqueMeterName() => "Test.Bridge." + Guid.NewGuid().ToString("N");

    private static string Scrape(MetricRegistry registry) => new RegistryExposition(registry).WriteToString();

    [Fact]
    public void EveryInstrumentKind_ExportsExactValuesUnderPrometheusNames()
    {
        string meterName = UniqueMeterName();
        using var meter = new Meter(meterName);
        var registry = new MetricRegistry();
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == meterName);

        Counter<long> orders = meter.CreateCounter<long>("bot.orders", "{order}", "Orders sent.");
        Counter<double> volume = meter.CreateCounter<double>("bot.traded.volume", "By", "Bytes.");
        UpDownCounter<int> open = meter.CreateUpDownCounter<int>("bot.positions.open", "{position}", "Open positions.");
        Gauge<double> price = meter.CreateGauge<double>("bot.price", "$", "Last price.");
        Histogram<double> latency = meter.CreateHistogram<double>("bot.order.latency", "s", "Latency.");
        Histogram<double> advised = meter.CreateHistogram("bot.slippage", "1", "Slippage.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5] });
        long observedTotal = 7;
        meter.CreateObservableCounter("bot.fills", () => observedTotal, "{fill}", "Fills.");
        meter.CreateObservableGauge("bot.queue.depth", () => new Measurement<int>(4, new KeyValuePair<string, object?>("queue", "risk")), null, "Depth.");
        meter.CreateObservableUpDownCounter("bot.memory.usage", () => 1024L, "By", "Memory.");

        var tags = new KeyValuePair<string, object?>("symbol", "BTCUSDT");
        orders.Add(3, tags);
        orders.Add(2, tags);
        orders.Add(1, new KeyValuePair<string, object?>("symbol", "ETHUSDT"));
        volume.Add(1.5);
        volume.Add(0.25);
        open.Add(5);
        open.Add(-2);
        price.Record(101.5);
        price.Record(99.25);
        latency.Record(0.003);
        latency.Record(0.2);
        latency.Record(20);
        advised.Record(1.5);
        advised.Record(3);

        string first = Scrape(registry);
        observedTotal = 12;
        string text = Scrape(registry);

        Assert.Contains("# TYPE bot_orders_total counter\nbot_orders_total{symbol=\"BTCUSDT\"} 5\nbot_orders_total{symbol=\"ETHUSDT\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP bot_traded_volume_bytes_total Bytes.\n# TYPE bot_traded_volume_bytes_total counter\nbot_traded_volume_bytes_total 1.75\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bot_positions_open gauge\nbot_positions_open 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bot_price_dollars gauge\nbot_price_dollars 99.25\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "bot_order_latency_seconds_bucket{le=\"0.005\"} 1\n"
            + "bot_order_latency_seconds_bucket{le=\"0.01\"} 1\nbot_order_latency_seconds_bucket{le=\"0.025\"} 1\nbot_order_latency_seconds_bucket{le=\"0.05\"} 1\n"
            + "bot_order_latency_seconds_bucket{le=\"0.1\"} 1\nbot_order_latency_seconds_bucket{le=\"0.25\"} 2\nbot_order_latency_seconds_bucket{le=\"0.5\"} 2\n"
            + "bot_order_latency_seconds_bucket{le=\"1\"} 2\nbot_order_latency_seconds_bucket{le=\"2.5\"} 2\nbot_order_latency_seconds_bucket{le=\"5\"} 2\n"
            + "bot_order_latency_seconds_bucket{le=\"10\"} 2\nbot_order_latency_seconds_bucket{le=\"+Inf\"} 3\n"
            + "bot_order_latency_seconds_sum 20.203\nbot_order_latency_seconds_count 3\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            "# TYPE bot_slippage histogram\nbot_slippage_bucket{le=\"1\"} 0\nbot_slippage_bucket{le=\"2\"} 1\nbot_slippage_bucket{le=\"5\"} 2\nbot_slippage_bucket{le=\"+Inf\"} 2\nbot_slippage_sum 4.5\nbot_slippage_count 2\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("bot_fills_total 7\n", first, StringComparison.Ordinal);
        Assert.Contains("# TYPE bot_fills_total counter\nbot_fills_total 12\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bot_queue_depth gauge\nbot_queue_depth{queue=\"risk\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bot_memory_usage_bytes gauge\nbot_memory_usage_bytes 1024\n", text, StringComparison.Ordinal);
        Assert.Empty(bridge.SkippedInstruments);
    }

    [Fact]
    public void SystemRuntimeMeter_GcCollections_ExportedWithGenerationLabel()
    {
        var registry = new MetricRegistry();
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == "System.Runtime");
        GC.Collect(0);

        string text = Scrape(registry);
        List<ParsedSample> samples = ExpositionParser.Parse(text);

        ParsedSample gen0 = Assert.Single(samples, s => s.Name == "dotnet_gc_collections_total" && s.Label("gc_heap_generation") == "gen0");
        Assert.True(gen0.Value >= 1, $"gen0 collections: {gen0.Value}");
        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text, StringComparison.Ordinal);

        // The runtime's series the dashboard's process row uses (.NET 10 reports the thread count as an observable counter).
        foreach (string name in new[]
        {
            "dotnet_gc_heap_total_allocated_bytes_total", "dotnet_gc_pause_time_seconds_total", "dotnet_gc_last_collection_heap_size_bytes",
            "dotnet_thread_pool_thread_count_total", "dotnet_thread_pool_queue_length_total", "dotnet_monitor_lock_contentions_total",
        })
        {
            Assert.Contains(samples, s => s.Name == name);
        }
    }

    [Fact]
    public void NameCollisionWithNativeMetric_ThrowsNamingBoth_AndRegistersNoDuplicate()
    {
        string meterName = UniqueMeterName();
        using var meter = new Meter(meterName);
        meter.CreateCounter<long>("bot.orders");
        var registry = new MetricRegistry();
        registry.CreateCounter("bot_orders_total", "Native orders.");

        var error = Assert.Throws<InvalidOperationException>(() => MeterBridge.Start(registry, name => name == meterName));

        Assert.Contains("'bot.orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bot_orders_total'", error.Message, StringComparison.Ordinal);
        Assert.Single(registry.GetFamilies(), f => f.Name == "bot_orders_total");
    }

    [Fact]
    public void NameCollisionAfterStart_SkipsInstrument_CountsIt_DoesNotThrow()
    {
        string meterName = UniqueMeterName();
        using var meter = new Meter(meterName);
        var registry = new MetricRegistry();
        registry.CreateGauge("bot_depth", "Native depth.").Set(3);
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == meterName);

        Gauge<int> depth = meter.CreateGauge<int>("bot.depth");
        depth.Record(9);

        string text = Scrape(registry);
        Assert.Contains("bot_depth 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bot_depth 9", text, StringComparison.Ordinal);
        Assert.Contains("fastmetrics_dropped_total{metric=\"bot_depth\",reason=\"name_collision\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("'bot.depth'", Assert.Single(bridge.SkippedInstruments), StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_SanitisedLabels_NonStringValuesAsStrings_MissingAsEmpty_ExtraCounted()
    {
        string meterName = UniqueMeterName();
        using var meter = new Meter(meterName);
        var registry = new MetricRegistry();
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == meterName);
        Counter<int> requests = meter.CreateCounter<int>("http.requests");

        requests.Add(1, new("http.response.status_code", 200), new("url.scheme", "https"));
        requests.Add(2, new KeyValuePair<string, object?>("url.scheme", "https"), new("http.response.status_code", 200));
        requests.Add(4, new KeyValuePair<string, object?>("url.scheme", "http"));
        requests.Add(8, new("url.scheme", "http"), new("http.response.status_code", 500), new("extra", true));

        string text = Scrape(registry);

        Assert.Contains(
            "http_requests_total{http_response_status_code=\"200\",url_scheme=\"https\"} 3\n"
            + "http_requests_total{http_response_status_code=\"\",url_scheme=\"http\"} 4\n"
            + "http_requests_total{http_response_status_code=\"500\",url_scheme=\"http\"} 8\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("fastmetrics_dropped_total{metric=\"http_requests_total\",reason=\"unexpected_tag\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CardinalityLimit_FoldsExtraLabelSetsIntoOverflow()
    {
        string meterName = UniqueMeterName();
        using var meter = new Meter(meterName);
        var registry = new MetricRegistry();
        using MeterBridge bridge = MeterBridge.Start(registry, name => name == meterName, new MeterBridgeOptions { CardinalityLimit = 2 });
        Counter<long> orders = meter.CreateCounter<long>("orders");

        for (int i = 0; i < 5; i++)
        {
            orders.Add(1, new KeyValuePair<string, object?>("symbol", "S" + i));
        }

        MetricFamily family = Assert.Single(registry.GetFamilies(), f => f.Name == "orders_total");
        Assert.Equal(2, family.CardinalityLimit);
        Assert.Equal(5, ExpositionParser.Parse(Scrape(registry)).Where(s => s.Name == "orders_total").Sum(s => s.Value));
        Assert.True(family.SeriesCount <= 3, $"series: {family.SeriesCount}");
    }

    [Theory]
    [InlineData("dotnet.gc.collections", "{collection}", true, "dotnet_gc_collections_total")]
    [InlineData("http.client.request.duration", "s", false, "http_client_request_duration_seconds")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("requests", "{request}/s", false, "requests_per_second")]
    [InlineData("cpu.utilization", "1", false, "cpu_utilization")]
    [InlineData("disk.io", "MiBy", true, "disk_io_mebibytes_total")]
    [InlineData("latency_ms", "ms", false, "latency_ms_milliseconds")]
    [InlineData("queue.time.seconds", "s", false, "queue_time_seconds")]
    [InlineData("bytes.sent_bytes_total", "By", true, "bytes_sent_bytes_total")]
    [InlineData("9lives", null, false, "_9lives")]
    [InlineData("a..b--c", "", false, "a_b_c")]
    public void MetricName_FollowsOpenTelemetryCompatibilityRules(string instrument, string? unit, bool monotonic, string expected)
    {
        Assert.Equal(expected, PrometheusNames.MetricName(instrument, unit, monotonic));
    }
}
