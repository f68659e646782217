using System;
using System.Collections.Generic;
using System.Diagnostics;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Exporter;

public sealed class PrometheusExporterTests
{
    private readonly MetricRegistry _registry = new();
    private readonly HealthRegistry _health = new();
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests()
    {
        _exporter = new PrometheusExporter(new BotMetrics(_registry, "1.0.0", DateTimeOffset.UnixEpoch), _health);
    }

    [Fact]
    public void RecordOpenLatency_Milliseconds_LandsInBucketsSumAndCount()
    {
        _exporter.RecordOpenLatency(75);
        _exporter.RecordOpenLatency(1000);
        _exporter.RecordOpenLatency(6000);

        Assert.Equal(
            "bot_open_latency_ms_bucket{le=\"50\"} 0\n" +
            "bot_open_latency_ms_bucket{le=\"100\"} 1\n" +
            "bot_open_latency_ms_bucket{le=\"250\"} 1\n" +
            "bot_open_latency_ms_bucket{le=\"500\"} 1\n" +
            "bot_open_latency_ms_bucket{le=\"1000\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"2500\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"5000\"} 2\n" +
            "bot_open_latency_ms_bucket{le=\"+Inf\"} 3\n" +
            "bot_open_latency_ms_sum 7075\n" +
            "bot_open_latency_ms_count 3\n",
            Samples(BotMetricNames.OpenLatency));
        Assert.Equal(0, _exporter.Metrics.CloseLatency.Count);
    }

    [Fact]
    public void RecordCloseLatency_Timestamps_RecordsTheirDifferenceInMilliseconds()
    {
        long sent = 5_000_000;
        long filled = sent + (Stopwatch.Frequency / 4);

        _exporter.RecordCloseLatency(sent, filled);

        double expected = (filled - sent) * (1000.0 / Stopwatch.Frequency);
        Assert.Equal(Scrape.Histogram(BotMetricNames.CloseLatency, BotMetrics.LatencyBoundsMs, [expected]), Samples(BotMetricNames.CloseLatency));
        Assert.Equal(250, _exporter.Metrics.CloseLatency.Sum, 9);
        Assert.Equal(0, _exporter.Metrics.OpenLatency.Count);
    }

    [Fact]
    public void RecordEntrySlippage_SignedValues_ImprovementIsRecordedNotDropped()
    {
        _exporter.RecordEntrySlippage(-3.5);
        _exporter.RecordEntrySlippage(1);
        _exporter.RecordEntrySlippage(7.25);
        _exporter.RecordEntrySlippage(250);

        Assert.Equal(
            "bot_entry_slippage_bps_bucket{le=\"1\"} 2\n" +
            "bot_entry_slippage_bps_bucket{le=\"2\"} 2\n" +
            "bot_entry_slippage_bps_bucket{le=\"5\"} 2\n" +
            "bot_entry_slippage_bps_bucket{le=\"10\"} 3\n" +
            "bot_entry_slippage_bps_bucket{le=\"20\"} 3\n" +
            "bot_entry_slippage_bps_bucket{le=\"50\"} 3\n" +
            "bot_entry_slippage_bps_bucket{le=\"100\"} 3\n" +
            "bot_entry_slippage_bps_bucket{le=\"200\"} 3\n" +
            "bot_entry_slippage_bps_bucket{le=\"+Inf\"} 4\n" +
            "bot_entry_slippage_bps_sum 254.75\n" +
            "bot_entry_slippage_bps_count 4\n",
            Samples(BotMetricNames.EntrySlippage));
        Assert.Equal(0, _exporter.Metrics.ExitSlippage.Count);
        Assert.Equal(string.Empty, Samples(MetricRegistry.DroppedMetricName));
    }

    [Fact]
    public void RecordExitSlippage_Value_LandsInExitHistogramOnly()
    {
        _exporter.RecordExitSlippage(-0.5);

        Assert.Equal(Scrape.Histogram(BotMetricNames.ExitSlippage, BotMetrics.SlippageBoundsBps, [-0.5]), Samples(BotMetricNames.ExitSlippage));
        Assert.Equal(0, _exporter.Metrics.EntrySlippage.Count);
    }

    [Fact]
    public void RecordGuardBlock_PerGuard_CountsEachInItsSeries()
    {
        _exporter.RecordGuardBlock("daily_loss");
        _exporter.RecordGuardBlock("cooldown");
        _exporter.RecordGuardBlock("daily_loss");

        Assert.Equal(
            "# HELP bot_guard_block_total Trades a risk guard refused to open, by guard (for example daily_loss, max_positions, cooldown).\n" +
            "# TYPE bot_guard_block_total counter\n" +
            "bot_guard_block_total{guard=\"daily_loss\"} 2\n" +
            "bot_guard_block_total{guard=\"cooldown\"} 1\n",
            Scrape.Family(Scrape.Text(_registry), BotMetricNames.GuardBlocks));
    }

    [Fact]
    public void UpdatePositionsCountAndPnl_LastValueWins()
    {
        _exporter.UpdatePositionsCount(5);
        _exporter.UpdatePositionsCount(3);
        _exporter.UpdateUnrealizedPnl(10);
        _exporter.UpdateUnrealizedPnl(-12.5);

        Assert.Equal("bot_positions_open_gauge 3\n", Samples(BotMetricNames.PositionsOpen));
        Assert.Equal("bot_unrealized_pnl_gauge -12.5\n", Samples(BotMetricNames.UnrealizedPnl));
    }

    [Fact]
    public void RecordReconciliationOrphanAndAnomaly_CountByType()
    {
        _exporter.RecordReconciliationOrphan("exchange_position");
        _exporter.RecordReconciliationOrphan("exchange_position");
        _exporter.RecordAnomalyTrigger("price_spike");

        Assert.Equal("bot_reconciliation_orphans_total{type=\"exchange_position\"} 2\n", Samples(BotMetricNames.ReconciliationOrphans));
        Assert.Equal("bot_anomaly_trigger_total{type=\"price_spike\"} 1\n", Samples(BotMetricNames.AnomalyTriggers));
    }

    [Fact]
    public void SetHealthStatus_FeedsGaugeAndHealthRegistry()
    {
        _exporter.SetHealthStatus("exchange", healthy: true);
        _exporter.SetHealthStatus("database", healthy: true);
        _exporter.SetHealthStatus("exchange", healthy: false);

        Assert.Equal(
            "bot_health_status_gauge{component=\"exchange\"} 0\n" +
            "bot_health_status_gauge{component=\"database\"} 1\n",
            Samples(BotMetricNames.HealthStatus));
        Assert.Equal(
            [new KeyValuePair<string, bool>("database", true), new KeyValuePair<string, bool>("exchange", false)],
            _health.Snapshot());
        Assert.False(_health.IsHealthy);
    }

    [Fact]
    public void RecordTradeOpenedAndClosed_CountBySymbolAndResult()
    {
        _exporter.RecordTradeOpened("BTCUSDT");
        _exporter.RecordTradeOpened("ETHUSDT");
        _exporter.RecordTradeOpened("BTCUSDT");
        _exporter.RecordTradeClosed("BTCUSDT", "win");
        _exporter.RecordTradeClosed("ETHUSDT", "loss");
        _exporter.RecordTradeClosed("BTCUSDT", "win");

        Assert.Equal(
            "bot_trades_opened_total{symbol=\"BTCUSDT\"} 2\n" +
            "bot_trades_opened_total{symbol=\"ETHUSDT\"} 1\n",
            Samples(BotMetricNames.TradesOpened));
        Assert.Equal(
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"win\"} 2\n" +
            "bot_trades_closed_total{symbol=\"ETHUSDT\",result=\"loss\"} 1\n",
            Samples(BotMetricNames.TradesClosed));
    }

    [Fact]
    public void LabeledMethods_NullOrEmptyLabel_DroppedAndCountedWithoutSeries()
    {
        _exporter.RecordGuardBlock(null!);
        _exporter.RecordGuardBlock(string.Empty);
        _exporter.RecordReconciliationOrphan(null!);
        _exporter.RecordAnomalyTrigger(string.Empty);
        _exporter.SetHealthStatus(null!, healthy: false);
        _exporter.RecordTradeOpened(null!);
        _exporter.RecordTradeClosed("BTCUSDT", null!);
        _exporter.RecordTradeClosed(string.Empty, "win");

        string text = Scrape.Text(_registry);
        Assert.Equal(
            "fastmetrics_dropped_total{metric=\"bot_guard_block_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_guard_block_total\",reason=\"empty_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_reconciliation_orphans_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_anomaly_trigger_total\",reason=\"empty_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_health_status_gauge\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_trades_opened_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_trades_closed_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_trades_closed_total\",reason=\"empty_label\"} 1\n",
            Scrape.Samples(text, MetricRegistry.DroppedMetricName));
        foreach (string family in new[] { BotMetricNames.GuardBlocks, BotMetricNames.ReconciliationOrphans, BotMetricNames.AnomalyTriggers, BotMetricNames.HealthStatus, BotMetricNames.TradesOpened, BotMetricNames.TradesClosed })
        {
            Assert.Equal(string.Empty, Scrape.Family(text, family));
        }

        Assert.Empty(_health.Snapshot());
    }

    [Fact]
    public void ValueMethods_BadNumbers_DroppedAndCountedWithReason()
    {
        _exporter.RecordOpenLatency(double.NaN);
        _exporter.RecordOpenLatency(-1);
        _exporter.RecordOpenLatency(double.PositiveInfinity);
        _exporter.RecordOpenLatency(0, 100);
        _exporter.RecordCloseLatency(200, 100);
        _exporter.RecordEntrySlippage(double.NegativeInfinity);
        _exporter.RecordExitSlippage(double.NaN);
        _exporter.UpdatePositionsCount(-1);
        _exporter.UpdateUnrealizedPnl(double.NaN);
        _exporter.UpdateUnrealizedPnl(double.PositiveInfinity);

        Assert.Equal(
            "fastmetrics_dropped_total{metric=\"bot_open_latency_ms\",reason=\"nan\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_open_latency_ms\",reason=\"negative\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_open_latency_ms\",reason=\"infinite\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_open_latency_ms\",reason=\"missing_timestamp\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_close_latency_ms\",reason=\"negative\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_entry_slippage_bps\",reason=\"infinite\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_exit_slippage_bps\",reason=\"nan\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_positions_open_gauge\",reason=\"negative\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_unrealized_pnl_gauge\",reason=\"nan\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_unrealized_pnl_gauge\",reason=\"infinite\"} 1\n",
            Samples(MetricRegistry.DroppedMetricName));
        Assert.Equal(0, _exporter.Metrics.OpenLatency.Count);
        Assert.Equal(0, _exporter.Metrics.CloseLatency.Count);
        Assert.Equal(0, _exporter.Metrics.EntrySlippage.Count);
        Assert.Equal(0, _exporter.Metrics.ExitSlippage.Count);
        Assert.Equal("bot_positions_open_gauge 0\n", Samples(BotMetricNames.PositionsOpen));
        Assert.Equal("bot_unrealized_pnl_gauge 0\n", Samples(BotMetricNames.UnrealizedPnl));
    }

    [Fact]
    public void RecordOpenLatency_ZeroMilliseconds_IsValid()
    {
        _exporter.RecordOpenLatency(0);

        Assert.Equal(1, _exporter.Metrics.OpenLatency.Count);
        Assert.Equal(string.Empty, Samples(MetricRegistry.DroppedMetricName));
    }

    [Fact]
    public void InitializeSeries_KnownValues_CreatesCounterSeriesAtZeroButNoHealth()
    {
        _exporter.InitializeSeries(new KnownLabelValues
        {
            Symbols = ["BTCUSDT", string.Empty],
            Guards = ["daily_loss"],
            OrphanTypes = ["exchange_order"],
            AnomalyTypes = ["stale_feed", null!],
        });

        string text = Scrape.Text(_registry);
        Assert.Equal("bot_trades_opened_total{symbol=\"BTCUSDT\"} 0\n", Scrape.Samples(text, BotMetricNames.TradesOpened));
        Assert.Equal(
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"win\"} 0\n" +
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"loss\"} 0\n" +
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"breakeven\"} 0\n",
            Scrape.Samples(text, BotMetricNames.TradesClosed));
        Assert.Equal("bot_guard_block_total{guard=\"daily_loss\"} 0\n", Scrape.Samples(text, BotMetricNames.GuardBlocks));
        Assert.Equal("bot_reconciliation_orphans_total{type=\"exchange_order\"} 0\n", Scrape.Samples(text, BotMetricNames.ReconciliationOrphans));
        Assert.Equal("bot_anomaly_trigger_total{type=\"stale_feed\"} 0\n", Scrape.Samples(text, BotMetricNames.AnomalyTriggers));
        Assert.Equal(string.Empty, Scrape.Family(text, BotMetricNames.HealthStatus));
    }

    [Fact]
    public void Constructor_OverRegistry_RegistersCatalogueThere()
    {
        var registry = new MetricRegistry();
        var exporter = new PrometheusExporter(registry, _health);

        Assert.Same(registry, exporter.Metrics.Registry);
        Assert.Same(_health, exporter.Health);
        Assert.Contains("# TYPE bot_open_latency_ms histogram\n", Scrape.Text(registry), StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public void EveryMethod_AnyInput_NeverThrows(double value, string label, string label2, int count, bool healthy, long start, long end)
    {
        _exporter.RecordOpenLatency(value);
        _exporter.RecordOpenLatency(start, end);
        _exporter.RecordCloseLatency(value);
        _exporter.RecordCloseLatency(start, end);
        _exporter.RecordEntrySlippage(value);
        _exporter.RecordExitSlippage(value);
        _exporter.RecordGuardBlock(label);
        _exporter.UpdatePositionsCount(count);
        _exporter.UpdateUnrealizedPnl(value);
        _exporter.RecordReconciliationOrphan(label);
        _exporter.RecordAnomalyTrigger(label2);
        _exporter.SetHealthStatus(label, healthy);
        _exporter.RecordTradeOpened(label2);
        _exporter.RecordTradeClosed(label, label2);

        Assert.NotEmpty(Scrape.Text(_registry));
    }

    private string Samples(string family) => Scrape.Samples(Scrape.Text(_registry), family);
}
