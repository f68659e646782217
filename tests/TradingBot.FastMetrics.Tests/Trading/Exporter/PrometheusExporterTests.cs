using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Exporter;

public sealed class PrometheusExporterTests
{
    private readonly TradingFixture _fixture = new();

    [Fact]
    public void RecordOpenLatency_Milliseconds_LandsInBucketsSumAndCount()
    {
        _fixture.Exporter.RecordOpenLatency(75);
        _fixture.Exporter.RecordOpenLatency(1000);
        _fixture.Exporter.RecordOpenLatency(6000);

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
        Assert.Equal(0, _fixture.Exporter.Metrics.CloseLatency.Count);
    }

    [Fact]
    public void RecordCloseLatency_Timestamps_RecordsTheirDifferenceInMilliseconds()
    {
        long sent = 5_000_000;
        long filled = sent + (Stopwatch.Frequency / 4);

        _fixture.Exporter.RecordCloseLatency(sent, filled);

        double expected = (filled - sent) * (1000.0 / Stopwatch.Frequency);
        Assert.Equal(Scrape.Histogram(BotMetricNames.CloseLatency, BotMetrics.LatencyBoundsMs, [expected]), Samples(BotMetricNames.CloseLatency));
        Assert.Equal(250, _fixture.Exporter.Metrics.CloseLatency.Sum, 9);
        Assert.Equal(0, _fixture.Exporter.Metrics.OpenLatency.Count);
    }

    [Fact]
    public void RecordEntrySlippage_SignedValues_ImprovementIsRecordedNotDropped()
    {
        _fixture.Exporter.RecordEntrySlippage(-3.5);
        _fixture.Exporter.RecordEntrySlippage(1);
        _fixture.Exporter.RecordEntrySlippage(7.25);
        _fixture.Exporter.RecordEntrySlippage(250);

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
        Assert.Equal(0, _fixture.Exporter.Metrics.ExitSlippage.Count);
        Assert.Equal(string.Empty, Samples(MetricRegistry.DroppedMetricName));
    }

    [Fact]
    public void RecordExitSlippage_Value_LandsInExitHistogramOnly()
    {
        _fixture.Exporter.RecordExitSlippage(-0.5);

        Assert.Equal(Scrape.Histogram(BotMetricNames.ExitSlippage, BotMetrics.SlippageBoundsBps, [-0.5]), Samples(BotMetricNames.ExitSlippage));
        Assert.Equal(0, _fixture.Exporter.Metrics.EntrySlippage.Count);
    }

    [Fact]
    public void RecordGuardBlock_PerGuard_CountsEachInItsSeries()
    {
        _fixture.Exporter.RecordGuardBlock("daily_loss");
        _fixture.Exporter.RecordGuardBlock("cooldown");
        _fixture.Exporter.RecordGuardBlock("daily_loss");

        Assert.Equal(
            "# HELP bot_guard_block_total Trades a risk guard refused to open, by guard (for example daily_loss, max_positions, cooldown).\n" +
            "# TYPE bot_guard_block_total counter\n" +
            "bot_guard_block_total{guard=\"daily_loss\"} 2\n" +
            "bot_guard_block_total{guard=\"cooldown\"} 1\n",
            Scrape.Family(Scrape.Text(_fixture.Registry), BotMetricNames.GuardBlocks));
    }

    [Fact]
    public void UpdatePositionsCountAndPnl_LastValueWins()
    {
        _fixture.Exporter.UpdatePositionsCount(5);
        _fixture.Exporter.UpdatePositionsCount(3);
        _fixture.Exporter.UpdateUnrealizedPnl(10);
        _fixture.Exporter.UpdateUnrealizedPnl(-12.5);

        Assert.Equal("bot_positions_open_gauge 3\n", Samples(BotMetricNames.PositionsOpen));
        Assert.Equal("bot_unrealized_pnl_gauge -12.5\n", Samples(BotMetricNames.UnrealizedPnl));
    }

    [Fact]
    public void RecordReconciliationOrphanAndAnomaly_CountByType()
    {
        _fixture.Exporter.RecordReconciliationOrphan("exchange_position");
        _fixture.Exporter.RecordReconciliationOrphan("exchange_position");
        _fixture.Exporter.RecordAnomalyTrigger("price_spike");

        Assert.Equal("bot_reconciliation_orphans_total{type=\"exchange_position\"} 2\n", Samples(BotMetricNames.ReconciliationOrphans));
        Assert.Equal("bot_anomaly_trigger_total{type=\"price_spike\"} 1\n", Samples(BotMetricNames.AnomalyTriggers));
    }

    [Fact]
    public void SetHealthStatus_FeedsGaugeAndHealthRegistry()
    {
        _fixture.Exporter.SetHealthStatus("exchange", healthy: true);
        _fixture.Exporter.SetHealthStatus("database", healthy: true);
        _fixture.Exporter.SetHealthStatus("exchange", healthy: false);

        Assert.Equal(
            "bot_health_status_gauge{component=\"exchange\"} 0\n" +
            "bot_health_status_gauge{component=\"database\"} 1\n",
            Samples(BotMetricNames.HealthStatus));
        Assert.Equal(
            [new KeyValuePair<string, bool>("database", true), new KeyValuePair<string, bool>("exchange", false)],
            _fixture.Health.Snapshot());
        Assert.False(_fixture.Health.IsHealthy);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SetHealthStatus_OppositeReportInterleavedBeforeTheGaugeWrite_GaugeAndHealthAgree(bool first)
    {
        // The interleaving that splits them when two writes are not checked against each other: this call has
        // decided what to write to the gauge when a concurrent opposite report runs to completion on another
        // thread; then this call's gauge write lands last.
        Gauge gauge = _fixture.Metrics.HealthStatus.WithLabels("exchange");
        int interleaved = 0;
        _fixture.Exporter.BeforeHealthGaugeWrite = () =>
        {
            if (Interlocked.Exchange(ref interleaved, 1) == 0)
            {
                var other = new Thread(() => _fixture.Exporter.SetHealthStatus("exchange", !first));
                other.Start();
                other.Join();
            }
        };

        _fixture.Exporter.SetHealthStatus("exchange", first);

        Assert.Equal(1, interleaved);
        Assert.True(_fixture.Health.TryGet("exchange", out bool reported));
        Assert.Equal(reported ? 1 : 0, gauge.Value);
        Assert.Equal(!first, reported);
    }

    [Fact]
    public void CreateOver_RegistryWithAConflictingBotInfo_ClearErrorNamingTheFamilyEveryTime()
    {
        var registry = new MetricRegistry();
        registry.CreateInfo("bot_info", "Build.", ["version", "start_time"], ["1.4.0", "2026-01-01T00:00:00Z"]);

        for (int attempt = 0; attempt < 2; attempt++)
        {
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => PrometheusExporter.CreateOver(registry, _fixture.Health, "Default"));

            Assert.Contains("MetricRegistry.Default", error.Message, StringComparison.Ordinal);
            Assert.Contains("Metric 'bot_info' is already registered with a different help text", error.Message, StringComparison.Ordinal);
            Assert.Contains("new PrometheusExporter(registry, health)", error.Message, StringComparison.Ordinal);
        }

        // The facade is a plain property, so a failure cannot poison the type: it still works in this process.
        Assert.Same(PrometheusExporter.Instance, PrometheusExporter.Instance);
    }

    [Fact]
    public void RecordTradeOpenedAndClosed_CountBySymbolAndResult()
    {
        _fixture.Exporter.RecordTradeOpened("BTCUSDT");
        _fixture.Exporter.RecordTradeOpened("ETHUSDT");
        _fixture.Exporter.RecordTradeOpened("BTCUSDT");
        _fixture.Exporter.RecordTradeClosed("BTCUSDT", "win");
        _fixture.Exporter.RecordTradeClosed("ETHUSDT", "loss");
        _fixture.Exporter.RecordTradeClosed("BTCUSDT", "win");

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
        _fixture.Exporter.RecordGuardBlock(null!);
        _fixture.Exporter.RecordGuardBlock(string.Empty);
        _fixture.Exporter.RecordReconciliationOrphan(null!);
        _fixture.Exporter.RecordAnomalyTrigger(string.Empty);
        _fixture.Exporter.SetHealthStatus(null!, healthy: false);
        _fixture.Exporter.RecordTradeOpened(null!);
        _fixture.Exporter.RecordTradeClosed("BTCUSDT", null!);
        _fixture.Exporter.RecordTradeClosed(string.Empty, "win");

        string text = Scrape.Text(_fixture.Registry);
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

        Assert.Empty(_fixture.Health.Snapshot());
    }

    [Fact]
    public void ValueMethods_BadNumbers_DroppedAndCountedWithReason()
    {
        _fixture.Exporter.RecordOpenLatency(double.NaN);
        _fixture.Exporter.RecordOpenLatency(-1);
        _fixture.Exporter.RecordOpenLatency(double.PositiveInfinity);
        _fixture.Exporter.RecordOpenLatency(0, 100);
        _fixture.Exporter.RecordCloseLatency(200, 100);
        _fixture.Exporter.RecordEntrySlippage(double.NegativeInfinity);
        _fixture.Exporter.RecordExitSlippage(double.NaN);
        _fixture.Exporter.UpdatePositionsCount(-1);
        _fixture.Exporter.UpdateUnrealizedPnl(double.NaN);
        _fixture.Exporter.UpdateUnrealizedPnl(double.PositiveInfinity);

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
        Assert.Equal(0, _fixture.Exporter.Metrics.OpenLatency.Count);
        Assert.Equal(0, _fixture.Exporter.Metrics.CloseLatency.Count);
        Assert.Equal(0, _fixture.Exporter.Metrics.EntrySlippage.Count);
        Assert.Equal(0, _fixture.Exporter.Metrics.ExitSlippage.Count);
        Assert.Equal("bot_positions_open_gauge 0\n", Samples(BotMetricNames.PositionsOpen));
        Assert.Equal("bot_unrealized_pnl_gauge 0\n", Samples(BotMetricNames.UnrealizedPnl));
    }

    [Fact]
    public void RecordOpenLatency_ZeroMilliseconds_IsValid()
    {
        _fixture.Exporter.RecordOpenLatency(0);

        Assert.Equal(1, _fixture.Exporter.Metrics.OpenLatency.Count);
        Assert.Equal(string.Empty, Samples(MetricRegistry.DroppedMetricName));
    }

    [Fact]
    public void InitializeSeries_KnownValues_CreatesCounterSeriesAtZeroButNoHealth()
    {
        _fixture.Exporter.InitializeSeries(new KnownLabelValues
        {
            Symbols = ["BTCUSDT", string.Empty],
            Guards = ["daily_loss"],
            OrphanTypes = ["exchange_order"],
            AnomalyTypes = ["stale_feed", null!],
        });

        string text = Scrape.Text(_fixture.Registry);
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
        var exporter = new PrometheusExporter(registry, _fixture.Health);

        Assert.Same(registry, exporter.Metrics.Registry);
        Assert.Same(_fixture.Health, exporter.Health);
        Assert.Contains("# TYPE bot_open_latency_ms histogram\n", Scrape.Text(registry), StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public void EveryMethod_AnyInput_NeverThrows(double value, string label, string label2, int count, bool healthy, long start, long end)
    {
        _fixture.Exporter.RecordOpenLatency(value);
        _fixture.Exporter.RecordOpenLatency(start, end);
        _fixture.Exporter.RecordCloseLatency(value);
        _fixture.Exporter.RecordCloseLatency(start, end);
        _fixture.Exporter.RecordEntrySlippage(value);
        _fixture.Exporter.RecordExitSlippage(value);
        _fixture.Exporter.RecordGuardBlock(label);
        _fixture.Exporter.UpdatePositionsCount(count);
        _fixture.Exporter.UpdateUnrealizedPnl(value);
        _fixture.Exporter.RecordReconciliationOrphan(label);
        _fixture.Exporter.RecordAnomalyTrigger(label2);
        _fixture.Exporter.SetHealthStatus(label, healthy);
        _fixture.Exporter.RecordTradeOpened(label2);
        _fixture.Exporter.RecordTradeClosed(label, label2);

        Assert.NotEmpty(Scrape.Text(_fixture.Registry));
    }

    private string Samples(string family) => Scrape.Samples(Scrape.Text(_fixture.Registry), family);
}
