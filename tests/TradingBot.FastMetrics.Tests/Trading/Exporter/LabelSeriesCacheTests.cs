using System;
using TradingBot.FastMetrics.Metrics;
using TradingBot.FastMetrics.Tests.Trading.Infrastructure;
using TradingBot.FastMetrics.Trading.Catalogue;
using TradingBot.FastMetrics.Trading.Exporter;
using TradingBot.FastMetrics.Trading.Integration;
using Xunit;

namespace TradingBot.FastMetrics.Tests.Trading.Exporter;

/// <summary>The exporter's label caches, seen through the facade and the attached integration that share them.</summary>
public sealed class LabelSeriesCacheTests
{
    private readonly TradingFixture _fixture = new();

    [Fact]
    public void Trades_FreshStringInstancePerEvent_CountInOneSeriesPerSymbol()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);

        for (int i = 0; i < 1_000; i++)
        {
            string symbol = new(i % 2 == 0 ? "BTCUSDT".AsSpan() : "ETHUSDT".AsSpan());
            trader.Open(symbol, PositionSide.Long, 100, 100, 10);
            trader.Close(new string(symbol.AsSpan()), PositionSide.Long, 100, 100, TradeResult.Breakeven, 0, 10);
        }

        string text = Scrape.Text(_fixture.Registry);
        Assert.Equal(
            "bot_trades_opened_total{symbol=\"BTCUSDT\"} 500\n" +
            "bot_trades_opened_total{symbol=\"ETHUSDT\"} 500\n",
            Scrape.Samples(text, BotMetricNames.TradesOpened));
        Assert.Equal(
            "bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"breakeven\"} 500\n" +
            "bot_trades_closed_total{symbol=\"ETHUSDT\",result=\"breakeven\"} 500\n",
            Scrape.Samples(text, BotMetricNames.TradesClosed));
    }

    [Fact]
    public void Trades_MoreSymbolsThanTheCacheHolds_AreAllCounted()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        string[] symbols = new string[LabelSeriesCache<Counter>.Size * 2];
        for (int i = 0; i < symbols.Length; i++)
        {
            symbols[i] = "SYM" + i;
        }

        for (int round = 0; round < 3; round++)
        {
            foreach (string symbol in symbols)
            {
                trader.Open(symbol, PositionSide.Short, 100, 100, 10);
                trader.Close(symbol, PositionSide.Short, 100, 100, round == 0 ? TradeResult.Win : TradeResult.Loss, 0, 10);
            }
        }

        Assert.Equal(symbols.Length, _fixture.Exporter.Metrics.TradesOpened.SeriesCount);
        Assert.Equal(symbols.Length * 2, _fixture.Exporter.Metrics.TradesClosed.SeriesCount);
        foreach (string symbol in symbols)
        {
            Assert.Equal(3, _fixture.Exporter.Metrics.TradesOpened.WithLabels(symbol).Value);
            Assert.Equal(1, _fixture.Exporter.Metrics.TradesClosed.WithLabels(symbol, "win").Value);
            Assert.Equal(2, _fixture.Exporter.Metrics.TradesClosed.WithLabels(symbol, "loss").Value);
        }
    }

    [Fact]
    public void Closed_FirstTradeIsAClose_CreatesNoOpenedSeries()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);

        trader.Close("BTCUSDT", PositionSide.Long, 100, 100, TradeResult.Win, 1, 10);

        string text = Scrape.Text(_fixture.Registry);
        Assert.Equal(string.Empty, Scrape.Family(text, BotMetricNames.TradesOpened));
        Assert.Equal("bot_trades_closed_total{symbol=\"BTCUSDT\",result=\"win\"} 1\n", Scrape.Samples(text, BotMetricNames.TradesClosed));
    }

    [Fact]
    public void RecordTradeOpened_SymbolRemovedThenTradedAgain_RecordsIntoALiveExportedSeries()
    {
        PrometheusExporter exporter = _fixture.Exporter;
        exporter.RecordTradeOpened("DELISTED");
        exporter.RecordTradeOpened("BTCUSDT");
        int generation = _fixture.Metrics.TradesOpened.Generation;

        Assert.True(_fixture.Metrics.TradesOpened.RemoveLabels("DELISTED"));
        Assert.NotEqual(generation, _fixture.Metrics.TradesOpened.Generation);
        exporter.RecordTradeOpened(new string("DELISTED".AsSpan()));
        exporter.RecordTradeOpened("DELISTED");
        exporter.RecordTradeOpened("BTCUSDT");

        Assert.Equal(
            "bot_trades_opened_total{symbol=\"BTCUSDT\"} 2\n" +
            "bot_trades_opened_total{symbol=\"DELISTED\"} 2\n",
            Scrape.Samples(_fixture.ScrapeText(), BotMetricNames.TradesOpened));
    }

    [Theory]
    [InlineData(BotMetricNames.GuardBlocks)]
    [InlineData(BotMetricNames.ReconciliationOrphans)]
    [InlineData(BotMetricNames.AnomalyTriggers)]
    [InlineData(BotMetricNames.TradesClosed)]
    public void Record_LabelRemovedThenSeenAgain_IsExportedAgain(string family)
    {
        PrometheusExporter exporter = _fixture.Exporter;
        Action record = family switch
        {
            BotMetricNames.GuardBlocks => () => exporter.RecordGuardBlock(new string("cooldown".AsSpan())),
            BotMetricNames.ReconciliationOrphans => () => exporter.RecordReconciliationOrphan(new string("cooldown".AsSpan())),
            BotMetricNames.AnomalyTriggers => () => exporter.RecordAnomalyTrigger(new string("cooldown".AsSpan())),
            _ => () => exporter.RecordTradeClosed(new string("cooldown".AsSpan()), "win"),
        };
        MetricFamily<Counter> counters = family switch
        {
            BotMetricNames.GuardBlocks => _fixture.Metrics.GuardBlocks,
            BotMetricNames.ReconciliationOrphans => _fixture.Metrics.ReconciliationOrphans,
            BotMetricNames.AnomalyTriggers => _fixture.Metrics.AnomalyTriggers,
            _ => _fixture.Metrics.TradesClosed,
        };
        string[] labels = family == BotMetricNames.TradesClosed ? ["cooldown", "win"] : ["cooldown"];

        record();
        Assert.True(counters.RemoveLabels(labels));
        Assert.Equal(0, counters.SeriesCount);
        record();
        record();

        Assert.Equal(1, counters.SeriesCount);
        Assert.Equal(2, counters.WithLabels(labels).Value);
    }

    [Fact]
    public void Attach_SymbolRemovedThenTradedAgain_CountsInTheNewSeries()
    {
        var trader = new ScriptedTrader();
        using TraderMetrics attached = TraderMetrics.Attach(trader, _fixture.Exporter);
        trader.Open("SOLUSDT", PositionSide.Long, 100, 100, 10);

        Assert.True(_fixture.Metrics.TradesOpened.RemoveLabels("SOLUSDT"));
        trader.Open("SOLUSDT", PositionSide.Long, 100, 100, 10);

        Assert.Equal("bot_trades_opened_total{symbol=\"SOLUSDT\"} 1\n", Scrape.Samples(_fixture.ScrapeText(), BotMetricNames.TradesOpened));
    }

    [Fact]
    public void Get_PastTheCardinalityLimit_EveryFoldedRecordIsStillCounted()
    {
        var registry = new MetricRegistry();
        MetricFamily<Counter> family = registry.CreateCounterFamily("venue_fills_total", "Fills.", ["venue"], cardinalityLimit: 1);
        var cache = new LabelSeriesCache<Counter>(family);

        cache.Get("binance").Inc();
        for (int i = 0; i < 3; i++)
        {
            cache.Get(new string("kraken".AsSpan())).Inc();
        }

        Assert.Equal(1, family.WithLabels("binance").Value);
        Assert.Contains(
            "fastmetrics_cardinality_overflow_total{metric=\"venue_fills_total\"} 3\n",
            Scrape.Samples(Scrape.Text(registry), MetricRegistry.OverflowMetricName),
            StringComparison.Ordinal);
    }
}
