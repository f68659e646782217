using TradingBot.FastMetrics.Exposition;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Infrastructure;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Exposition;

public sealed class RegistryExpositionTests
{
    private static MetricRegistry EveryKind()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> trades = registry.CreateCounterFamily("bot_trades_closed_total", "Trades closed, by symbol and result.", ["symbol", "result"]);
        trades.WithLabels("BTCUSDT", "win").Inc(3);
        trades.WithLabels("ETH\"USD\\\n", "loss").Inc();
        registry.CreateCounter("fees_total", "Fees paid.").Add(0.25);
        Gauge pnl = registry.CreateGauge("bot_unrealized_pnl_gauge", "Unrealized PnL.\nIn USD, \\ \"quoted\".");
        pnl.Set(-12.5);
        registry.CreateGaugeFamily("edge", "Infinite gauges.", ["kind"]).WithLabels("pos").Set(double.PositiveInfinity);
        registry.CreateGaugeFamily("edge", "Infinite gauges.", ["kind"]).WithLabels("neg").Set(double.NegativeInfinity);
        registry.CreateGaugeFamily("edge", "Infinite gauges.", ["kind"]).WithLabels("nan").Set(double.NaN);
        registry.CreateCallbackGauge("queue_depth", "Queue depth.", () => 7);
        Histogram latency = registry.CreateHistogram("bot_open_latency_ms", "Open latency.", [0.5, 100, 1e6]);
        latency.Observe(0.5);
        latency.Observe(99);
        latency.Observe(2e6);
        registry.CreateCounterFamily("never_used_total", "No series yet.", ["symbol"]);
        registry.CreateInfo("bot_info", "Build information.", ["version", "start_time"], ["1.2.3", "2026-11-28T13:00:00Z"]);
        return registry;
    }

    [Fact]
    public void WriteTo_PrometheusText_EveryKind_ExactBytes()
    {
        const string expected =
            "# HELP bot_trades_closed_total Trades closed, by symbol and result.\n" +
            "# TYPE bot_trades_closed_total counter\n" +
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"win\"} 3\n" +
            "bot_trades_closed_total{symbol=\"ETH\\\"USD\\\\\\n\",result=\"loss\"} 1\n" +
            "# HELP fees_total Fees paid.\n" +
            "# TYPE fees_total counter\n" +
            "fees_total 0.25\n" +
            "# HELP bot_unrealized_pnl_gauge Unrealized PnL.\\nIn USD, \\\\ \"quoted\".\n" +
            "# TYPE bot_unrealized_pnl_gauge gauge\n" +
            "bot_unrealized_pnl_gauge -12.5\n" +
            "# HELP edge Infinite gauges.\n" +
            "# TYPE edge gauge\n" +
            "edge{kind=\"pos\"} +Inf\n" +
            "edge{kind=\"neg\"} -Inf\n" +
            "edge{kind=\"nan\"} NaN\n" +
            "# HELP queue_depth Queue depth.\n" +
            "# TYPE queue_depth gauge\n" +
            "queue_depth 7\n" +
            "# HELP bot_open_latency_ms Open latency.\n" +
            "# TYPE bot_open_latency_ms histogram\n" +
            "bot_open_latency_ms_bucket{le=\"0.5\"} 1\n" +
            "bot_open_latency_ms_bucket{le=\"100\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"1e+06\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"+Inf\"} 3\n" +
            "bot_open_latency_ms_sum 2.0000995e+06\n" +
            "bot_open_latency_ms_count 3\n" +
            "# HELP bot_info Build information.\n" +
            "# TYPE bot_info gauge\n" +
            "bot_info{version=\"1.2.3\",start_time=\"2026-11-28T13:00:00Z\"} 1\n";

        Assert.Equal(expected, Scrape.Text(EveryKind()));
    }

    [Fact]
    public void WriteTo_OpenMetrics_EveryKind_ExactBytes()
    {
        const string expected =
            "# HELP bot_trades_closed Trades closed, by symbol and result.\n" +
            "# TYPE bot_trades_closed counter\n" +
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"win\"} 3\n" +
            "bot_trades_closed_total{symbol=\"ETH\\\"USD\\\\\\n\",result=\"loss\"} 1\n" +
            "# HELP fees Fees paid.\n" +
            "# TYPE fees counter\n" +
            "fees_total 0.25\n" +
            "# HELP bot_unrealized_pnl_gauge Unrealized PnL.\\nIn USD, \\\\ \\\"quoted\\\".\n" +
            "# TYPE bot_unrealized_pnl_gauge gauge\n" +
            "bot_unrealized_pnl_gauge -12.5\n" +
            "# HELP edge Infinite gauges.\n" +
            "# TYPE edge gauge\n" +
            "edge{kind=\"pos\"} +Inf\n" +
            "edge{kind=\"neg\"} -Inf\n" +
            "edge{kind=\"nan\"} NaN\n" +
            "# HELP queue_depth Queue depth.\n" +
            "# TYPE queue_depth gauge\n" +
            "queue_depth 7.0\n" +
            "# HELP bot_open_latency_ms Open latency.\n" +
            "# TYPE bot_open_latency_ms histogram\n" +
            "bot_open_latency_ms_bucket{le=\"0.5\"} 1\n" +
            "bot_open_latency_ms_bucket{le=\"100.0\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"1e+06\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"+Inf\"} 3\n" +
            "bot_open_latency_ms_sum 2.0000995e+06\n" +
            "bot_open_latency_ms_count 3\n" +
            "# HELP bot Build information.\n" +
            "# TYPE bot info\n" +
            "bot_info{version=\"1.2.3\",start_time=\"2026-11-28T13:00:00Z\"} 1\n" +
            "# EOF\n";

        Assert.Equal(expected, Scrape.Text(EveryKind(), ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public void WriteTo_EmptyRegistry_WritesNothingOrOnlyEof()
    {
        var registry = new MetricRegistry();
        registry.CreateCounterFamily("a_total", "Unused.", ["x"]);

        Assert.Equal(string.Empty, Scrape.Text(registry));
        Assert.Equal("# EOF\n", Scrape.Text(registry, ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public void WriteTo_DroppedValues_AppearInSelfMetric()
    {
        var registry = new MetricRegistry();
        Counter counter = registry.CreateCounter("orders_total", "Orders.");
        Histogram histogram = registry.CreateHistogram("fill_ms", "Fill time.", [1, 2]);
        counter.Inc(-1);
        counter.Add(-0.5);
        counter.Add(double.NaN);
        histogram.Observe(double.NaN);

        Assert.Equal(0, counter.Value);
        Assert.Equal(0, histogram.Count);
        Assert.Equal(2, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "orders_total", "reason", "negative_increment"));
        Assert.Equal(1, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "orders_total", "reason", "nan"));
        Assert.Equal(1, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "fill_ms", "reason", "nan"));
    }

    [Fact]
    public void WriteTo_CallbackThrows_SampleLeftOutAndCounted()
    {
        var registry = new MetricRegistry();
        registry.CreateCallbackGauge("broken", "Throws.", () => throw new System.InvalidOperationException("boom"));
        registry.CreateGauge("fine", "Fine.").Set(1);

        string text = Scrape.Text(registry);

        Assert.Contains("# TYPE broken gauge\n# HELP fine", text, System.StringComparison.Ordinal);
        Assert.Contains("fine 1\n", text, System.StringComparison.Ordinal);
        Assert.Equal(1, Scrape.Value(registry, MetricRegistry.DroppedMetricName, "metric", "broken", "reason", "callback_error"));
    }

    [Fact]
    public void WriteTo_LargeRegistry_SpansManyBufferSegments()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("series_total", "Many series.", ["id"]);
        for (int i = 0; i < 5000; i++)
        {
            family.WithLabels(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc(i);
        }

        var samples = Scrape.Samples(registry);

        Assert.Equal(5000, samples.Count);
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), samples[i].Label("id"));
            Assert.Equal(i, samples[i].Value);
        }
    }
}
