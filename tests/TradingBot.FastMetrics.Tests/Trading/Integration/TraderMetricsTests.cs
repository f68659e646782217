using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using TradingBot.FastMetrics.Health;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Integration;

public sealed class TraderMetricsTests
{
    private const double Expected = 1000;

    private readonly TradingFixture _fixture = new();

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(250)]
    public void Attach_ScriptedTraderThroughNTrades_RecordsEveryMetricExactly(int trades)
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        var model = new Model();
        var random = new Random(trades);
        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
        string[] guards = ["daily_loss", "max_positions", "cooldown"];
        string[] components = ["exchange", "database", "risk_engine"];
        double[] latencyPicks = [0, 49, 50, 51, 100, 250, 499.5, 1000, 2500, 5000, 5001, 7500];
        int open = 0;

        for (int t = 0; t < trades; t++)
        {
            string symbol = symbols[random.Next(symbols.Length)];
            PositionSide side = random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;

            // Quarter steps of the 1000 expected price are 2.5 bps each, exact in binary.
            int entryQuarters = random.Next(-8, 120);
            double entryFill = side == PositionSide.Long ? Expected + (entryQuarters * 0.25) : Expected - (entryQuarters * 0.25);
            double openMs = trader.Open(symbol, side, Expected, entryFill, latencyPicks[random.Next(latencyPicks.Length)]);
            model.OpenLatency.Add(openMs);
            model.Entry.Add(entryQuarters * 2.5);
            model.Opened.Add(symbol);
            model.Pnl = random.Next(-400, 400) * 0.25;
            model.Positions = ++open;
            trader.Positions(open, model.Pnl);

            if (random.Next(4) == 0)
            {
                string guard = guards[random.Next(guards.Length)];
                trader.Block(guard, symbol);
                model.Guards.Add(guard);
            }

            int exitQuarters = random.Next(-8, 120);
            double exitFill = side == PositionSide.Long ? Expected - (exitQuarters * 0.25) : Expected + (exitQuarters * 0.25);
            double pnl = random.Next(-100, 100) * 0.25;
            TradeResult result = pnl > 0 ? TradeResult.Win : pnl < 0 ? TradeResult.Loss : TradeResult.Breakeven;
            double closeMs = trader.Close(symbol, side, Expected, exitFill, result, pnl, latencyPicks[random.Next(latencyPicks.Length)]);
            model.CloseLatency.Add(closeMs);
            model.Exit.Add(exitQuarters * 2.5);
            model.Closed.Add(symbol + "|" + ResultLabel(result));
            model.Pnl = random.Next(-400, 400) * 0.25;
            model.Positions = --open;
            trader.Positions(open, model.Pnl);

            if (random.Next(10) == 0)
            {
                string type = random.Next(2) == 0 ? "exchange_position" : "local_position";
                trader.Orphan(type, symbol);
                model.Orphans.Add(type);
            }

            if (random.Next(7) == 0)
            {
                string type = random.Next(2) == 0 ? "price_spike" : "stale_feed";
                trader.Anomaly(type, symbol);
                model.Anomalies.Add(type);
            }

            if (t == 0 || random.Next(5) == 0)
            {
                string component = components[random.Next(components.Length)];
                bool healthy = random.Next(3) != 0;
                trader.Health(component, healthy);
                model.Health[component] = healthy;
                if (!model.HealthOrder.Contains(component))
                {
                    model.HealthOrder.Add(component);
                }
            }
        }

        string text = Scrape.Text(_fixture.Registry);
        Assert.Equal(Scrape.Histogram(BotMetricNames.OpenLatency, BotMetrics.LatencyBoundsMs, model.OpenLatency), Scrape.Samples(text, BotMetricNames.OpenLatency));
        Assert.Equal(Scrape.Histogram(BotMetricNames.CloseLatency, BotMetrics.LatencyBoundsMs, model.CloseLatency), Scrape.Samples(text, BotMetricNames.CloseLatency));
        Assert.Equal(Scrape.Histogram(BotMetricNames.EntrySlippage, BotMetrics.SlippageBoundsBps, model.Entry), Scrape.Samples(text, BotMetricNames.EntrySlippage));
        Assert.Equal(Scrape.Histogram(BotMetricNames.ExitSlippage, BotMetrics.SlippageBoundsBps, model.Exit), Scrape.Samples(text, BotMetricNames.ExitSlippage));
        Assert.Equal(Counts(BotMetricNames.GuardBlocks, "guard", model.Guards), Scrape.Samples(text, BotMetricNames.GuardBlocks));
        Assert.Equal($"bot_positions_open_gauge {model.Positions}\n", Scrape.Samples(text, BotMetricNames.PositionsOpen));
        Assert.Equal($"bot_unrealized_pnl_gauge {Scrape.Number(model.Pnl)}\n", Scrape.Samples(text, BotMetricNames.UnrealizedPnl));
        Assert.Equal(Counts(BotMetricNames.ReconciliationOrphans, "type", model.Orphans), Scrape.Samples(text, BotMetricNames.ReconciliationOrphans));
        Assert.Equal(Counts(BotMetricNames.AnomalyTriggers, "type", model.Anomalies), Scrape.Samples(text, BotMetricNames.AnomalyTriggers));
        Assert.Equal(HealthLines(model), Scrape.Samples(text, BotMetricNames.HealthStatus));
        Assert.Equal(Counts(BotMetricNames.TradesOpened, "symbol", model.Opened), Scrape.Samples(text, BotMetricNames.TradesOpened));
        Assert.Equal(Counts(BotMetricNames.TradesClosed, "symbol", model.Closed, "result"), Scrape.Samples(text, BotMetricNames.TradesClosed));
        Assert.Equal("bot_info{version=\"1.0.0\",start_time=\"1970-01-01T00:00:00Z\"} 1\n", Scrape.Samples(text, BotMetricNames.Info));
        Assert.Equal(string.Empty, Scrape.Family(text, MetricRegistry.DroppedMetricName));
        foreach ((string component, bool healthy) in model.Health)
        {
            Assert.Contains(new KeyValuePair<string, bool>(component, healthy), _fixture.Health.Snapshot());
        }

        Assert.Equal(0, attached.Faults);
        Assert.Equal(0, trader.Hub.ObserverFaults);
    }

    [Theory]
    [InlineData(PositionSide.Long, 1000.5, 5)]
    [InlineData(PositionSide.Long, 999.5, -5)]
    [InlineData(PositionSide.Short, 999.5, 5)]
    [InlineData(PositionSide.Short, 1000.5, -5)]
    public void PositionOpened_SlippageSignedBySide_AdversePositiveImprovementNegative(PositionSide side, double fill, double expectedBps)
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);

        trader.Open("BTCUSDT", side, Expected, fill, 100);

        Assert.Equal(1, _fixture.Exporter.Metrics.EntrySlippage.Count);
        Assert.Equal(expectedBps, _fixture.Exporter.Metrics.EntrySlippage.Sum);
        Assert.Equal(0, _fixture.Exporter.Metrics.ExitSlippage.Count);
    }

    [Theory]
    [InlineData(PositionSide.Long, 999.5, 5)]
    [InlineData(PositionSide.Long, 1000.5, -5)]
    [InlineData(PositionSide.Short, 1000.5, 5)]
    [InlineData(PositionSide.Short, 999.5, -5)]
    public void PositionClosed_SlippageSignedByExitSide_AdversePositiveImprovementNegative(PositionSide side, double fill, double expectedBps)
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);

        trader.Close("BTCUSDT", side, Expected, fill, TradeResult.Win, 1, 100);

        Assert.Equal(1, _fixture.Exporter.Metrics.ExitSlippage.Count);
        Assert.Equal(expectedBps, _fixture.Exporter.Metrics.ExitSlippage.Sum);
        Assert.Equal(0, _fixture.Exporter.Metrics.EntrySlippage.Count);
    }

    [Fact]
    public void Dispose_Detaches_LaterEventsAreNotRecorded()
    {
        var trader = new ScriptedTrader();
        TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        trader.Open("BTCUSDT", PositionSide.Long, Expected, Expected, 100);
        Assert.True(attached.IsAttached);
        Assert.Equal(1, trader.Hub.ObserverCount);

        attached.Dispose();
        attached.Dispose();
        trader.Open("BTCUSDT", PositionSide.Long, Expected, Expected, 100);
        trader.Block("cooldown", "BTCUSDT");
        trader.Health("exchange", healthy: false);

        Assert.False(attached.IsAttached);
        Assert.Equal(0, trader.Hub.ObserverCount);
        Assert.Equal(1, _fixture.Exporter.Metrics.OpenLatency.Count);
        string text = Scrape.Text(_fixture.Registry);
        Assert.Equal("bot_trades_opened_total{symbol=\"BTCUSDT\"} 1\n", Scrape.Samples(text, BotMetricNames.TradesOpened));
        Assert.Equal(string.Empty, Scrape.Family(text, BotMetricNames.GuardBlocks));
        Assert.Empty(_fixture.Health.Snapshot());
    }

    [Fact]
    public void Dispose_TraderThatKeepsCalling_StillRecordsNothing()
    {
        var trader = new RawTrader();
        TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        ITraderObserver observer = trader.Observer!;

        attached.Dispose();
        observer.OnPositionOpened(new PositionOpened("BTCUSDT", PositionSide.Long, 1, Expected, Expected, 1, 2));
        observer.OnGuardBlocked(new GuardBlocked("cooldown", "BTCUSDT"));
        observer.OnPositionsChanged(new PositionsChanged(4, 10));

        Assert.Equal(1, trader.Unsubscribed);
        Assert.Equal(0, _fixture.Exporter.Metrics.OpenLatency.Count);
        Assert.Equal(0, _fixture.Exporter.Metrics.PositionsOpen.Value);
        Assert.Equal(string.Empty, Scrape.Family(Scrape.Text(_fixture.Registry), BotMetricNames.GuardBlocks));
    }

    [Fact]
    public void Handlers_GarbageEventsFromTraderWithoutHub_NeverThrowAndCountDrops()
    {
        var trader = new RawTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        ITraderObserver observer = trader.Observer!;

        observer.OnOrderSent(default);
        observer.OnPositionOpened(default);
        observer.OnPositionClosed(default);
        observer.OnGuardBlocked(default);
        observer.OnPositionsChanged(new PositionsChanged(-1, double.NaN));
        observer.OnReconciliationOrphan(default);
        observer.OnAnomalyTriggered(default);
        observer.OnComponentHealthChanged(default);
        observer.OnPositionOpened(new PositionOpened("BTCUSDT", (PositionSide)7, 1, Expected, Expected, 10, 5));
        observer.OnPositionClosed(new PositionClosed("BTCUSDT", PositionSide.Long, 1, 0, double.NaN, (TradeResult)9, 0, 10, 20));

        Assert.Equal(0, attached.Faults);
        Assert.Equal(
            "fastmetrics_dropped_total{metric=\"bot_open_latency_ms\",reason=\"missing_timestamp\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_entry_slippage_bps\",reason=\"invalid_price\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_trades_opened_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_close_latency_ms\",reason=\"missing_timestamp\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_exit_slippage_bps\",reason=\"invalid_price\"} 2\n" +
            "fastmetrics_dropped_total{metric=\"bot_trades_closed_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_guard_block_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_positions_open_gauge\",reason=\"negative\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_unrealized_pnl_gauge\",reason=\"nan\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_reconciliation_orphans_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_anomaly_trigger_total\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_health_status_gauge\",reason=\"null_label\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_open_latency_ms\",reason=\"negative\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_entry_slippage_bps\",reason=\"invalid_enum\"} 1\n" +
            "fastmetrics_dropped_total{metric=\"bot_trades_closed_total\",reason=\"invalid_enum\"} 1\n",
            Scrape.Samples(Scrape.Text(_fixture.Registry), MetricRegistry.DroppedMetricName));
        Assert.Equal(1, _fixture.Exporter.Metrics.CloseLatency.Count);
        Assert.Equal(1, _fixture.Exporter.Metrics.TradesOpened.WithLabels("BTCUSDT").Value);
    }

    [Fact]
    public void Publish_ObserversThatThrow_NeverReachTheTraderAndMetricsStillRecord()
    {
        var trader = new ScriptedTrader();
        var before = new CountingObserver(throws: true);
        var after = new CountingObserver(throws: true);
        using IDisposable first = trader.Subscribe(before);
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        using IDisposable last = trader.Subscribe(after);

        trader.Open("BTCUSDT", PositionSide.Long, Expected, 1000.5, 100);
        trader.Close("BTCUSDT", PositionSide.Long, Expected, 999.5, TradeResult.Loss, -1, 200);
        trader.Positions(0, 0);
        trader.Block("cooldown", "BTCUSDT");
        trader.Orphan("exchange_order", "BTCUSDT");
        trader.Anomaly("stale_feed", "BTCUSDT");
        trader.Health("database", healthy: false);

        Assert.Equal(9, before.Total);
        Assert.Equal(9, after.Total);
        Assert.Equal(18, trader.Hub.ObserverFaults);
        Assert.IsType<InvalidOperationException>(trader.Hub.LastObserverFault);
        Assert.Equal(0, attached.Faults);
        string text = Scrape.Text(_fixture.Registry);
        Assert.Equal("bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"loss\"} 1\n", Scrape.Samples(text, BotMetricNames.TradesClosed));
        Assert.Equal("bot_guard_block_total{guard=\"cooldown\"} 1\n", Scrape.Samples(text, BotMetricNames.GuardBlocks));
        Assert.Equal("bot_health_status_gauge{component=\"database\"} 0\n", Scrape.Samples(text, BotMetricNames.HealthStatus));
        Assert.Equal(5, _fixture.Exporter.Metrics.EntrySlippage.Sum);
        Assert.Equal(5, _fixture.Exporter.Metrics.ExitSlippage.Sum);
    }

    [Fact]
    public void ComponentHealthChanged_FeedsGaugeAndHealthRegistry()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);

        trader.Health("exchange", healthy: true);
        trader.Health("risk_engine", healthy: false);
        trader.Health("exchange", healthy: false);
        trader.Health("risk_engine", healthy: true);

        Assert.Equal(
            "bot_health_status_gauge{component=\"exchange\"} 0\n" +
            "bot_health_status_gauge{component=\"risk_engine\"} 1\n",
            Scrape.Samples(Scrape.Text(_fixture.Registry), BotMetricNames.HealthStatus));
        Assert.Equal(
            [new KeyValuePair<string, bool>("exchange", false), new KeyValuePair<string, bool>("risk_engine", true)],
            _fixture.Health.Snapshot());
    }

    [Fact]
    public void Attach_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TraderMetrics.Attach(null!, _fixture.Exporter));
        Assert.Throws<ArgumentNullException>(() => TraderMetrics.Attach(new ScriptedTrader(), null!));
    }

    private static string ResultLabel(TradeResult result) => result switch
    {
        TradeResult.Win => "win",
        TradeResult.Loss => "loss",
        _ => "breakeven",
    };

    private static string Counts(string name, string label, List<string> values, string? secondLabel = null)
    {
        var order = new List<string>();
        var counts = new Dictionary<string, int>();
        foreach (string value in values)
        {
            if (counts.TryAdd(value, 1))
            {
                order.Add(value);
            }
            else
            {
                counts[value]++;
            }
        }

        var builder = new StringBuilder();
        foreach (string key in order)
        {
            string labels = secondLabel is null
                ? $"{label}=\"{key}\""
                : $"{label}=\"{key.Split('|')[0]}\",{secondLabel}=\"{key.Split('|')[1]}\"";
            builder.Append(CultureInfo.InvariantCulture, $"{name}{{{labels}}} {counts[key]}\n");
        }

        return builder.ToString();
    }

    private static string HealthLines(Model model)
    {
        var builder = new StringBuilder();
        foreach (string component in model.HealthOrder)
        {
            builder.Append(CultureInfo.InvariantCulture, $"bot_health_status_gauge{{component=\"{component}\"}} {(model.Health[component] ? 1 : 0)}\n");
        }

        return builder.ToString();
    }

    private sealed class Model
    {
        public List<double> OpenLatency { get; } = [];

        public List<double> CloseLatency { get; } = [];

        public List<double> Entry { get; } = [];

        public List<double> Exit { get; } = [];

        public List<string> Guards { get; } = [];

        public List<string> Orphans { get; } = [];

        public List<string> Anomalies { get; } = [];

        public List<string> Opened { get; } = [];

        public List<string> Closed { get; } = [];

        public Dictionary<string, bool> Health { get; } = [];

        public List<string> HealthOrder { get; } = [];

        public int Positions { get; set; }

        public double Pnl { get; set; }
    }
}
