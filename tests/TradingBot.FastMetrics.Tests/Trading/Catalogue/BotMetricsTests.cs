using System;
using System.Linq;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Catalogue;

public sealed class BotMetricsTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));

    [Fact]
    public void Constructor_FreshRegistry_RegistersThirteenFamiliesWithNamesTypesAndLabelsOfTheSpecification()
    {
        var registry = new MetricRegistry();
        _ = new BotMetrics(registry, "1.2.3", s_start);

        (string Name, MetricType Type, string[] Labels)[] expected =
        [
            ("bot_open_latency_ms", MetricType.Histogram, []),
            ("bot_close_latency_ms", MetricType.Histogram, []),
            ("bot_entry_slippage_bps", MetricType.Histogram, []),
            ("bot_exit_slippage_bps", MetricType.Histogram, []),
            ("bot_guard_block_total", MetricType.Counter, ["guard"]),
            ("bot_positions_open_gauge", MetricType.Gauge, []),
            ("bot_unrealized_pnl_gauge", MetricType.Gauge, []),
            ("bot_reconciliation_orphans_total", MetricType.Counter, ["type"]),
            ("bot_anomaly_trigger_total", MetricType.Counter, ["type"]),
            ("bot_health_status_gauge", MetricType.Gauge, ["component"]),
            ("bot_trades_opened_total", MetricType.Counter, ["symbol"]),
            ("bot_trades_closed_total", MetricType.Counter, ["symbol", "result"]),
            ("bot_info", MetricType.Info, ["version", "start_time"]),
        ];

        MetricFamily[] bot = registry.GetFamilies().Where(f => f.Name.StartsWith("bot_", StringComparison.Ordinal)).ToArray();
        Assert.Equal(expected.Select(e => e.Name), bot.Select(f => f.Name));
        Assert.Equal(expected.Select(e => e.Type), bot.Select(f => f.Type));
        Assert.Equal(expected.Select(e => string.Join(',', e.Labels)), bot.Select(f => string.Join(',', f.LabelNames)));
        Assert.Equal(expected.Select(e => e.Name), BotMetricNames.All);
        Assert.All(bot, f => Assert.True(f.Help.Length >= 20, $"{f.Name} needs a help text a newcomer understands."));
    }

    [Fact]
    public void Buckets_AreExactlyThoseOfTheSpecification()
    {
        var metrics = new BotMetrics(new MetricRegistry(), "1.2.3", s_start);

        double[] latency = [50, 100, 250, 500, 1000, 2500, 5000];
        double[] slippage = [1, 2, 5, 10, 20, 50, 100, 200];
        Assert.Equal(latency, metrics.OpenLatency.Bounds.ToArray());
        Assert.Equal(latency, metrics.CloseLatency.Bounds.ToArray());
        Assert.Equal(slippage, metrics.EntrySlippage.Bounds.ToArray());
        Assert.Equal(slippage, metrics.ExitSlippage.Bounds.ToArray());
    }

    [Fact]
    public void Scrape_FreshCatalogue_WritesUnlabeledFamiliesAtZeroAndInfoExactly()
    {
        var registry = new MetricRegistry();
        _ = new BotMetrics(registry, "1.2.3", s_start);

        const string Expected =
            "# HELP bot_open_latency_ms Time from sending an order that opens a position to its fill, in milliseconds.\n" +
            "# TYPE bot_open_latency_ms histogram\n" +
            "bot_open_latency_ms_bucket{le=\"50\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"100\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"250\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"500\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"1000\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"2500\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"5000\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"+Inf\"} 0\n" +
            "bot_open_latency_ms_sum 0\n" +
            "bot_open_latency_ms_count 0\n" +
            "# HELP bot_close_latency_ms Time from sending an order that closes a position to its fill, in milliseconds.\n" +
            "# TYPE bot_close_latency_ms histogram\n" +
            "bot_close_latency_ms_bucket{le=\"50\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"100\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"250\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"500\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"1000\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"2500\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"5000\"} 0\n" +
            "bot_close_latency_ms_bucket{le=\"+Inf\"} 0\n" +
            "bot_close_latency_ms_sum 0\n" +
            "bot_close_latency_ms_count 0\n" +
            "# HELP bot_entry_slippage_bps Entry fill price against the expected price, in basis points (1 bp = 0.01%): positive is worse for the position's side, negative is price improvement.\n" +
            "# TYPE bot_entry_slippage_bps histogram\n" +
            "bot_entry_slippage_bps_bucket{le=\"1\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"2\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"5\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"10\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"20\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"50\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"100\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"200\"} 0\n" +
            "bot_entry_slippage_bps_bucket{le=\"+Inf\"} 0\n" +
            "bot_entry_slippage_bps_sum 0\n" +
            "bot_entry_slippage_bps_count 0\n" +
            "# HELP bot_exit_slippage_bps Exit fill price against the expected price, in basis points (1 bp = 0.01%): positive is worse for the position's side, negative is price improvement.\n" +
            "# TYPE bot_exit_slippage_bps histogram\n" +
            "bot_exit_slippage_bps_bucket{le=\"1\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"2\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"5\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"10\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"20\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"50\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"100\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"200\"} 0\n" +
            "bot_exit_slippage_bps_bucket{le=\"+Inf\"} 0\n" +
            "bot_exit_slippage_bps_sum 0\n" +
            "bot_exit_slippage_bps_count 0\n" +
            "# HELP bot_positions_open_gauge Positions open right now.\n" +
            "# TYPE bot_positions_open_gauge gauge\n" +
            "bot_positions_open_gauge 0\n" +
            "# HELP bot_unrealized_pnl_gauge Profit (positive) or loss (negative) of the open positions at current prices, in the account currency.\n" +
            "# TYPE bot_unrealized_pnl_gauge gauge\n" +
            "bot_unrealized_pnl_gauge 0\n" +
            "# HELP bot_info Which bot build is running and since when: always 1, with the version and the UTC start time as labels.\n" +
            "# TYPE bot_info gauge\n" +
            "bot_info{version=\"1.2.3\",start_time=\"2026-01-02T01:04:05Z\"} 1\n";

        Assert.Equal(Expected, Scrape.Text(registry));
    }

    [Fact]
    public void Constructor_SameRegistryTwice_ReturnsTheSameSeries()
    {
        var registry = new MetricRegistry();
        var first = new BotMetrics(registry, "1.2.3", s_start);
        var second = new BotMetrics(registry, "1.2.3", s_start);

        Assert.Same(first.OpenLatency, second.OpenLatency);
        Assert.Same(first.TradesClosed, second.TradesClosed);
        Assert.Same(first.Info, second.Info);
    }

    [Fact]
    public void Constructor_DefaultVersion_UsesOneStartTimePerProcess()
    {
        var registry = new MetricRegistry();
        var first = new BotMetrics(registry);
        var second = new BotMetrics(registry);

        Assert.Same(first.Info, second.Info);
        Assert.Equal(1, registry.GetFamilies().Single(f => f.Name == "bot_info").SeriesCount);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first.Info.LabelValues[1]);
        Assert.False(string.IsNullOrEmpty(first.Info.LabelValues[0]));
    }
}
